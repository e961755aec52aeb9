using System.Diagnostics;
using Trig.Crm.Engine.Cycle;
using Trig.Crm.Engine.Demo;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store;
using Trig.Crm.Worker.Hosting;

/// <summary>
/// The bench's SQLite store: people-less demo organisations at their final state with their own events, and one
/// cycle as of the anchor day. Built once per path and reused (a checkpoint marks a finished build).
/// </summary>
internal static class CardStore
{
    public static async Task BuildAsync(string[] config, string storePath, int organisations)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(storePath)!);
        using var host = TrigHost.BuildCli(config);
        var store = host.Services.GetRequiredService<ITrigStore>();
        await store.MigrateAsync(default);
        var existing = await store.CountAsync(EntityKind.Organisation, default);
        if (existing == organisations && await store.GetCheckpointAsync("bench:cards", default) == "built")
        {
            Console.WriteLine($"Reusing {storePath} ({existing} organisations)");
            return;
        }

        if (existing > 0)
        {
            await store.ResetAsync(default);
        }

        var sw = Stopwatch.StartNew();
        var anchor = new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date, TimeSpan.Zero);
        var timeline = DemoDataGenerator.Generate(organisations, anchor);

        // People-less organisations at their final state (every timed change applied), with their own events.
        var attributes = timeline.Records.Where(r => r.Kind == EntityKind.Organisation)
            .ToDictionary(r => r.Id, r => new Dictionary<string, AttributeValue>(r.Attributes, StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var (_, change) in timeline.Changes)
        {
            if (change.EntityKind == EntityKind.Organisation && attributes.TryGetValue(change.EntityId, out var a))
            {
                a[change.Name] = change.Value;
            }
        }

        var records = timeline.Records.Where(r => r.Kind == EntityKind.Organisation)
            .Select(r => r with { Attributes = attributes[r.Id] }).ToList();
        var events = timeline.Events.Where(e => e.EntityKind == EntityKind.Organisation).ToList();
        Console.WriteLine($"Generated {records.Count} organisations and {events.Count} events in {sw.Elapsed.TotalSeconds:0.0} s");
        foreach (var chunk in records.Chunk(10_000))
        {
            await store.UpsertAsync(chunk, default);
        }

        foreach (var chunk in events.Chunk(50_000))
        {
            await store.AppendEventsAsync(chunk, default);
        }

        Console.WriteLine($"Loaded in {sw.Elapsed.TotalSeconds:0.0} s; evaluating one cycle as of {anchor:yyyy-MM-dd}");
        var report = await host.Services.GetRequiredService<FullCycle>().RunAsync(new FullCycleRequest(AsOf: anchor, Pull: false, Push: false), default);
        await store.TakeDirtyAsync(default);
        await store.SetCheckpointAsync("bench:cards", "built", default);
        var transitions = report.Transitions.Values.Sum(v => v.Values.Sum());
        Console.WriteLine($"Store built in {sw.Elapsed.TotalSeconds:0.0} s: {report.EntitiesEvaluated} entities evaluated, {transitions} transitions");
    }
}
