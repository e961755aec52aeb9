using Trig.Crm.Store;

namespace Trig.Crm.Worker.Cli;

/// <summary><c>trig actions --failed</c> and <c>--retry ID</c>.</summary>
internal static class ActionsCommand
{
    public static async Task<int> RunAsync(IServiceProvider sp, long? retry, bool json, CancellationToken ct)
    {
        var store = sp.GetRequiredService<ITrigStore>();
        var time = sp.GetRequiredService<TimeProvider>();
        if (retry is { } id)
        {
            if (!await store.RetryAsync(id, time.GetUtcNow(), ct))
            {
                CliOutput.Error($"no failed action {id}");
                return 1;
            }

            Console.Out.WriteLine($"action {id} queued again");
            return 0;
        }

        var dead = await store.ListAsync(OutboxStatus.Dead, 200, ct);
        if (json)
        {
            CliOutput.WriteJson(dead.Select(d => new { id = d.Item.Id, key = d.Item.IdempotencyKey, kind = d.Item.Action.Kind, definition = d.Item.DefinitionKey, entity = d.Item.EntityId, reason = d.LastError, failedAt = d.UpdatedAt }));
            return 0;
        }

        var counts = await store.CountByStatusAsync(ct);
        Console.Out.WriteLine($"outbox: {string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}"))}");
        Console.Out.WriteLine(dead.Count == 0 ? "no failed actions" : $"{dead.Count} failed action(s):");
        foreach (var d in dead)
        {
            Console.Out.WriteLine($"  #{d.Item.Id} {d.Item.Action.Kind,-8} {d.Item.DefinitionKey} {d.Item.EntityKind} {d.Item.EntityId}: {d.LastError}   (trig actions --retry {d.Item.Id})");
        }

        return 0;
    }
}
