using Trig.Crm.Engine.Definitions;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store;
using Trig.Crm.Store.Insights;

namespace Trig.Crm.Engine.Insights;

/// <summary>The funnel of a stage, from its recorded transitions and those of its objectives.</summary>
internal sealed class FunnelAnalysis(ITrigStore store, DefinitionCatalog catalog, TimeProvider time)
{
    /// <summary>The bucket edges of the days-in-stage distribution, in days.</summary>
    internal static readonly int[] BucketEdges = [7, 14, 30, 60, 90];

    public async Task<FunnelReport> RunAsync(string stageKey, CancellationToken ct)
    {
        var set = InsightsDefinitions.Require(catalog);
        var stage = InsightsDefinitions.Find(set, stageKey, DefinitionKind.Stage);
        var rows = await store.TransitionRowsAsync([stage.Key, .. stage.Objectives.Select(o => o.Key)], ct);
        return Compute(stage, rows, time.GetUtcNow());
    }

    internal static FunnelReport Compute(Definition stage, IReadOnlyList<TransitionRow> rows, DateTimeOffset now)
    {
        // A stage is entered once per entity (no re-entry), so the entity identifies its run.
        var entered = new Dictionary<(EntityKind, string), DateTimeOffset>();
        var ended = new Dictionary<(EntityKind, string), (DateTimeOffset At, TransitionKind Kind)>();
        foreach (var t in rows.Where(r => r.DefinitionKey == stage.Key))
        {
            if (t.Kind == TransitionKind.Entered)
            {
                entered.TryAdd((t.EntityKind, t.EntityId), t.At);
            }
            else if (t.Kind is TransitionKind.Completed or TransitionKind.Exited)
            {
                ended.TryAdd((t.EntityKind, t.EntityId), (t.At, t.Kind));
            }
        }

        var completed = ended.Values.Count(e => e.Kind == TransitionKind.Completed);
        var exited = ended.Values.Count(e => e.Kind == TransitionKind.Exited);
        var toComplete = ended.Where(e => e.Value.Kind == TransitionKind.Completed && entered.ContainsKey(e.Key))
            .Select(e => (e.Value.At - entered[e.Key]).TotalDays);
        var objectives = stage.Objectives.Select(o => Objective(o, rows, entered)).ToList();
        return new FunnelReport(stage.Key, stage.Name, entered.Count, completed, exited, entered.Count - entered.Keys.Count(ended.ContainsKey),
            Rate(completed, exited), DaysSummary.Of(toComplete), objectives, Buckets(entered, ended, now));
    }

    private static ObjectiveFunnel Objective(Definition o, IReadOnlyList<TransitionRow> rows, Dictionary<(EntityKind, string), DateTimeOffset> stageEntered)
    {
        int entered = 0, completed = 0, exited = 0;
        var days = new List<double>();
        foreach (var t in rows.Where(r => r.DefinitionKey == o.Key))
        {
            switch (t.Kind)
            {
                case TransitionKind.Entered:
                    entered++;
                    break;
                case TransitionKind.Completed:
                    completed++;
                    if (stageEntered.TryGetValue((t.EntityKind, t.EntityId), out var from))
                    {
                        days.Add((t.At - from).TotalDays);
                    }

                    break;
                case TransitionKind.Exited:
                    exited++;
                    break;
            }
        }

        return new ObjectiveFunnel(o.Key, o.Name, entered, completed, exited, Rate(completed, exited), DaysSummary.Of(days));
    }

    private static List<DaysBucket> Buckets(
        Dictionary<(EntityKind, string), DateTimeOffset> entered, Dictionary<(EntityKind, string), (DateTimeOffset At, TransitionKind Kind)> ended, DateTimeOffset now)
    {
        var counts = new (int Active, int Completed, int Exited)[BucketEdges.Length + 1];
        foreach (var (who, at) in entered)
        {
            var end = ended.TryGetValue(who, out var e) ? e : (now, TransitionKind.Entered);
            var days = (end.Item1 - at).TotalDays;
            var i = 0;
            while (i < BucketEdges.Length && days >= BucketEdges[i])
            {
                i++;
            }

            counts[i] = end.Item2 switch
            {
                TransitionKind.Completed => counts[i] with { Completed = counts[i].Completed + 1 },
                TransitionKind.Exited => counts[i] with { Exited = counts[i].Exited + 1 },
                _ => counts[i] with { Active = counts[i].Active + 1 },
            };
        }

        var buckets = new List<DaysBucket>();
        for (var i = 0; i < counts.Length; i++)
        {
            var from = i == 0 ? 0 : BucketEdges[i - 1];
            int? to = i < BucketEdges.Length ? BucketEdges[i] : null;
            var (a, c, x) = counts[i];
            buckets.Add(new DaysBucket(to is { } t ? $"{from}-{t}d" : $"{from}d+", from, to, a + c + x, a, c, x));
        }

        return buckets;
    }

    internal static double? Rate(int completed, int exited) => completed + exited == 0 ? null : (double)completed / (completed + exited);
}
