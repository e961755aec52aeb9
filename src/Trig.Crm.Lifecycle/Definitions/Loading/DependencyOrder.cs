using System.Collections.Immutable;
using Trig.Crm.Lifecycle.Criteria;

namespace Trig.Crm.Lifecycle.Definitions.Loading;

/// <summary>
/// Orders top-level definitions so each comes after the definitions whose metadata its criteria (and its
/// objectives' criteria) read, so one evaluation pass settles a chain. Kahn's algorithm, stable in file order.
/// </summary>
internal static class DependencyOrder
{
    /// <summary>The ordered definitions, or none (a cycle reported) when no order exists.</summary>
    public static ImmutableArray<Definition> Order(List<Definition> defs, LoadDiagnostics diagnostics)
    {
        var byKey = new Dictionary<string, Definition>(StringComparer.Ordinal);
        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var d in defs)
        {
            byKey.TryAdd(d.Key, d);
            owner[d.Key] = d.Key;
            foreach (var o in d.Objectives)
            {
                owner[o.Key] = d.Key;
            }
        }

        var deps = byKey.Values.ToDictionary(d => d.Key, d => DependenciesOf(d, byKey, owner), StringComparer.Ordinal);
        var result = ImmutableArray.CreateBuilder<Definition>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        var remaining = byKey.Values.ToList();
        while (remaining.Count > 0)
        {
            var ready = remaining.FirstOrDefault(d => deps[d.Key].All(done.Contains));
            if (ready is null)
            {
                var cycle = FindCycle(remaining.Select(r => r.Key).ToList(), deps);
                var at = byKey[cycle[0]];
                diagnostics.Add(new Diagnostic(at.Location, $"dependency cycle: {string.Join(" -> ", cycle)} -> {cycle[0]}"));
                return [];
            }

            result.Add(ready);
            done.Add(ready.Key);
            remaining.Remove(ready);
        }

        return result.ToImmutable();
    }

    private static HashSet<string> DependenciesOf(Definition d, Dictionary<string, Definition> byKey, Dictionary<string, string> owner)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in CriteriaOf(d).SelectMany(CriteriaChecker.Refs))
        {
            if (r is MetadataRef m && owner.TryGetValue(m.DefinitionKey, out var o) && o != d.Key && byKey[o].Entity == d.Entity)
            {
                set.Add(o);
            }
            else if (r is CurrentStageRef)
            {
                // The current stage is whichever stage the entity is in, so it depends on all of them.
                foreach (var s in byKey.Values.Where(x => x.Kind == DefinitionKind.Stage && x.Key != d.Key && x.Entity == d.Entity))
                {
                    set.Add(s.Key);
                }
            }
        }

        if (d.Signal is { } sig && owner.TryGetValue(sig.StageKey, out var st))
        {
            set.Add(st);
        }

        return set;
    }

    private static List<string> FindCycle(List<string> nodes, Dictionary<string, HashSet<string>> deps)
    {
        var remaining = nodes.ToHashSet(StringComparer.Ordinal);
        var path = new List<string>();
        var current = nodes[0];
        while (!path.Contains(current))
        {
            path.Add(current);
            current = deps[current].First(remaining.Contains);
        }

        return path[path.IndexOf(current)..];
    }

    private static IEnumerable<Criterion> CriteriaOf(Definition d)
    {
        foreach (var c in new[] { d.Audience, d.Completion, d.ExitWhen })
        {
            if (c is not null)
            {
                yield return c;
            }
        }

        foreach (var o in d.Objectives)
        {
            foreach (var c in CriteriaOf(o))
            {
                yield return c;
            }
        }
    }
}
