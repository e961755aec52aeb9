using Microsoft.Data.Sqlite;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.Store.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>A test hook: called inside the delivery transaction after the event ids are written; throwing aborts it.</summary>
    internal Action? DeliveryFaultInjector { get; set; }

    public async Task<DeliveryIntake> RecordDeliveryAsync(string source, IReadOnlyList<DeliveredEvent> events, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        var duplicates = 0;
        var refresh = new List<CrmRecordRef>();
        var deletions = new List<CrmRecordRef>();
        using (var seen = Prepared(c, tx, "INSERT INTO deliveries (source, id, received_at) VALUES ($s, $id, $at) ON CONFLICT DO NOTHING", "$s", "$id", "$at"))
        {
            foreach (var e in events)
            {
                Set(seen, source, e.Id, Ms(now));
                if (await seen.ExecuteNonQueryAsync(cancellationToken) == 0)
                {
                    duplicates++;
                }
                else if (e.Record is { } record)
                {
                    (e.IsDeletion ? deletions : refresh).Add(record);
                }
            }
        }

        DeliveryFaultInjector?.Invoke();
        foreach (var group in deletions.GroupBy(d => d.Kind))
        {
            await DeleteAsync(c, tx, group.Key, [.. group.Select(d => d.Id).Distinct(StringComparer.Ordinal)], cancellationToken);
        }

        using (var ins = Prepared(c, tx, "INSERT INTO refresh_queue (kind, id, queued_at) VALUES ($k, $id, $at) ON CONFLICT DO NOTHING", "$k", "$id", "$at"))
        {
            foreach (var r in refresh)
            {
                Set(ins, (int)r.Kind, r.Id, Ms(now));
                await ins.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await tx.CommitAsync(cancellationToken);
        return new DeliveryIntake(duplicates, refresh.Count, deletions.Count);
    }
}
