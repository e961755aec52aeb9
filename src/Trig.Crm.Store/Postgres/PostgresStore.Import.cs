using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.Store.Postgres;

/// <summary>The all-or-nothing writes: an import across files, and a webhook delivery with its refresh queue.</summary>
public sealed partial class PostgresStore
{
    /// <summary>A test hook: called inside the import transaction after each chunk with the rows written so far; throwing aborts it.</summary>
    internal Action<int>? ImportFaultInjector { get; set; }

    /// <summary>A test hook: called inside the delivery transaction after the event ids are written; throwing aborts it.</summary>
    internal Action? DeliveryFaultInjector { get; set; }

    public async Task<int> ImportAsync(IReadOnlyList<CrmRecord> records, IReadOnlyList<EventRecord> events, IProgress<int>? written, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        var added = await ImportChunks.RunAsync(records, events, chunk => UpsertAsync(c, tx, chunk, cancellationToken), chunk => AppendEventsAsync(c, tx, chunk, cancellationToken),
            ImportFaultInjector, written);
        await tx.CommitAsync(cancellationToken);
        return added;
    }

    public async Task<DeliveryIntake> RecordDeliveryAsync(string source, IReadOnlyList<DeliveredEvent> events, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        var fresh = new List<string>();
        using (var seen = Cmd(c, tx, """
                   INSERT INTO deliveries (source, id, received_at) SELECT @s, id, @at FROM unnest(@id) AS x(id)
                   ON CONFLICT DO NOTHING RETURNING id
                   """, ("s", source), ("at", Ms(now)), ("id", events.Select(e => e.Id).ToArray())))
        await using (var r = await seen.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                fresh.Add(r.GetString(0));
            }
        }

        // An id already delivered, or named twice in this delivery, counts once and its repeats as duplicates.
        var duplicates = 0;
        var refresh = new List<CrmRecordRef>();
        var deletions = new List<CrmRecordRef>();
        var firstSeen = new HashSet<string>(fresh, StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (!firstSeen.Remove(e.Id))
            {
                duplicates++;
            }
            else if (e.Record is { } record)
            {
                (e.IsDeletion ? deletions : refresh).Add(record);
            }
        }

        DeliveryFaultInjector?.Invoke();
        foreach (var group in deletions.GroupBy(d => d.Kind))
        {
            await DeleteAsync(c, tx, group.Key, [.. group.Select(d => d.Id).Distinct(StringComparer.Ordinal)], cancellationToken);
        }

        if (refresh.Count > 0)
        {
            using var ins = Cmd(c, tx, "INSERT INTO refresh_queue (kind, id, queued_at) SELECT k, id, @at FROM unnest(@k, @id) AS x(k, id) ON CONFLICT DO NOTHING",
                ("at", Ms(now)), ("k", refresh.Select(r => (int)r.Kind).ToArray()), ("id", refresh.Select(r => r.Id).ToArray()));
            await ins.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return new DeliveryIntake(duplicates, refresh.Count, deletions.Count);
    }
}
