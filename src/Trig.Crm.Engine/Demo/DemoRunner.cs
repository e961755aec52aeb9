using Trig.Crm.Engine.Cycle;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store;

namespace Trig.Crm.Engine.Demo;

/// <summary>
/// Runs the demo: generates the data set anchored at today (UTC midnight), loads it into the store as the local
/// CRM, then replays the 30 days: each day's attribute changes and events are written and a cycle runs as of the
/// end of that day, so the lifecycle unfolds as it would have in production.
/// </summary>
internal sealed class DemoRunner(ITrigStore store, FullCycle runner, TimeProvider time, ILogger<DemoRunner> logger)
{
    private const string Marker = "demo:anchor";

    public async Task<DemoResult> RunAsync(int organisations, IProgress<string>? progress, CancellationToken ct)
    {
        if (await store.CountAsync(EntityKind.Organisation, ct) > 0)
        {
            if (await store.GetCheckpointAsync(Marker, ct) is null)
            {
                throw new InvalidOperationException("the configured store already holds data that is not from a demo; point Trig:Store:ConnectionString at a new file for the demo");
            }

            progress?.Report("Resetting the previous demo store");
            await store.ResetAsync(ct);
        }

        var now = time.GetUtcNow();
        var anchor = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        progress?.Report($"Generating {organisations} organisations");
        var timeline = DemoDataGenerator.Generate(organisations, anchor);
        await store.SetCheckpointAsync(Marker, AttributeValue.FormatDateTime(anchor), ct);
        await store.UpsertAsync(timeline.Records, ct);
        logger.LogInformation("Demo data: {Records} records, {Changes} timed changes, {Events} events", timeline.Records.Count, timeline.Changes.Count, timeline.Events.Count);

        var totals = new SortedDictionary<string, SortedDictionary<string, int>>(StringComparer.Ordinal);
        int written = 0, queued = 0, ci = 0, ei = 0;
        CycleReport? last = null;
        for (var day = 1; day <= DemoDataGenerator.Days; day++)
        {
            var dayEnd = timeline.Start + TimeSpan.FromDays(day);
            var changes = new List<Lifecycle.Evaluation.AttributeChange>();
            while (ci < timeline.Changes.Count && timeline.Changes[ci].At <= dayEnd)
            {
                changes.Add(timeline.Changes[ci++].Change);
            }

            var events = new List<EventRecord>();
            while (ei < timeline.Events.Count && timeline.Events[ei].OccurredAt <= dayEnd)
            {
                events.Add(timeline.Events[ei++]);
            }

            await store.SetAttributesAsync(changes, ct);
            await store.AppendEventsAsync(events, ct);
            progress?.Report($"Day {day}/{DemoDataGenerator.Days} ({DemoDataGenerator.Day(dayEnd)}): {changes.Count} changes, {events.Count} events");
            last = await runner.RunAsync(new FullCycleRequest(AsOf: dayEnd, Pull: false, Metrics: false), ct);
            foreach (var (key, kinds) in last.Transitions)
            {
                if (!totals.TryGetValue(key, out var t))
                {
                    totals[key] = t = new SortedDictionary<string, int>(StringComparer.Ordinal);
                }

                foreach (var (k, n) in kinds)
                {
                    t[k] = t.GetValueOrDefault(k) + n;
                }
            }

            written += last.PropertiesWritten;
            queued += last.ActionsQueued;
        }

        // The dirty marks set while loading were all covered by the replayed cycles.
        await store.TakeDirtyAsync(ct);
        return new DemoResult(timeline, totals, written, queued, last!, await store.CountByStatusAsync(ct));
    }
}
