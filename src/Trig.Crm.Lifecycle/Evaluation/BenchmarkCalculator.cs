using Trig.Crm.Lifecycle.Definitions;

namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>
/// Learns objective benchmarks: the mean time from stage entry to completing each objective, over the
/// organisations that completed it, at stage entry (0) or later (lifecycle.md, Signals).
/// </summary>
public static class BenchmarkCalculator
{
    public static Dictionary<(string Stage, string Objective), Benchmark> Compute(DefinitionSet set, IEnumerable<EntityState> entities)
    {
        var stages = set.Ordered.Where(d => d.Kind == DefinitionKind.Stage).ToList();
        var acc = new Dictionary<(string, string), (double Sum, int N)>();
        foreach (var e in entities)
        {
            foreach (var s in stages)
            {
                if (!e.TryGetMembership(s.Key, out var sm))
                {
                    continue;
                }

                foreach (var o in s.Objectives)
                {
                    // Every organisation that completed the objective counts (lifecycle.md, Signals), including one
                    // that completed it at stage entry: its time to complete is 0.
                    if (e.TryGetMembership(o.Key, out var om) && om.Status == MembershipStatus.Completed && om.LastCompleted is { } done)
                    {
                        var k = (s.Key, o.Key);
                        var cur = acc.GetValueOrDefault(k);
                        acc[k] = (cur.Sum + Math.Max(0, (done - sm.EnteredAt).TotalSeconds), cur.N + 1);
                    }
                }
            }
        }

        return acc.ToDictionary(kv => kv.Key, kv => new Benchmark(kv.Key.Item1, kv.Key.Item2, TimeSpan.FromSeconds(kv.Value.Sum / kv.Value.N), kv.Value.N));
    }
}
