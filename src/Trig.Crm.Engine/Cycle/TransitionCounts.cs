using Trig.Crm.Lifecycle.Evaluation;

namespace Trig.Crm.Engine.Cycle;

/// <summary>Transitions counted by definition key, then by kind (entered/completed/exited/follow_up).</summary>
internal static class TransitionCounts
{
    public static SortedDictionary<string, SortedDictionary<string, int>> ByDefinition(IEnumerable<Transition> transitions)
    {
        var d = new SortedDictionary<string, SortedDictionary<string, int>>(StringComparer.Ordinal);
        foreach (var t in transitions)
        {
            if (!d.TryGetValue(t.DefinitionKey, out var byKind))
            {
                d[t.DefinitionKey] = byKind = new SortedDictionary<string, int>(StringComparer.Ordinal);
            }

            byKind[t.Name] = byKind.GetValueOrDefault(t.Name) + 1;
        }

        return d;
    }
}
