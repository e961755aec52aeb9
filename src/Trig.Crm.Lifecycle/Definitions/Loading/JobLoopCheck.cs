using Trig.Crm.Lifecycle.Actions;

namespace Trig.Crm.Lifecycle.Definitions.Loading;

/// <summary>
/// A job routes to others on entry/complete/exit/follow-ups. A cycle of route_to between jobs (or a job routing
/// to itself) can move an entity round forever without new data: it is refused.
/// </summary>
internal static class JobLoopCheck
{
    public static void Check(List<Definition> defs, LoadDiagnostics diagnostics)
    {
        // First wins: a duplicate key is already reported, and must not stop the check.
        var jobs = new Dictionary<string, Definition>(StringComparer.Ordinal);
        foreach (var job in defs.Where(d => d.Kind == DefinitionKind.Job))
        {
            jobs.TryAdd(job.Key, job);
        }


        var edges = jobs.Values.ToDictionary(
            j => j.Key,
            j => j.OnEntry.Concat(j.OnComplete).Concat(j.OnExit).Concat(j.FollowUps.SelectMany(f => f.Actions))
                .OfType<RouteToAction>().Select(r => r.Job).Where(jobs.ContainsKey).Distinct().ToList(),
            StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new List<string>();
        foreach (var j in jobs.Keys)
        {
            if (Visit(j))
            {
                return;
            }
        }

        bool Visit(string k)
        {
            if (state.GetValueOrDefault(k) == 2)
            {
                return false;
            }

            if (state.GetValueOrDefault(k) == 1)
            {
                var cycle = stack[stack.IndexOf(k)..];
                var at = jobs[cycle[0]];
                diagnostics.Add(new Diagnostic(at.Location, $"job can loop: route_to cycle {string.Join(" -> ", cycle)} -> {k}"));
                return true;
            }

            state[k] = 1;
            stack.Add(k);
            foreach (var n in edges[k])
            {
                if (Visit(n))
                {
                    return true;
                }
            }

            stack.RemoveAt(stack.Count - 1);
            state[k] = 2;
            return false;
        }
    }
}
