using Trig.Crm.Engine.Cycle;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Metadata;
using Trig.Crm.Store;

namespace Trig.Crm.Engine.Authoring;

/// <summary>Runs the cycle preview with a candidate set and keeps what concerns the document's own definitions.</summary>
internal sealed class AuthoringPreviewBuilder(CyclePreview preview, ITrigStore store)
{
    private const int First = 10;

    public async Task<AuthoringPreview> BuildAsync(DefinitionSet candidate, IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        var report = await preview.PreviewAsync(candidate, null, force: false, ct);

        // A stage's objectives move with it; matched on parsed metadata names so that a key that is a suffix of another does not match.
        var wanted = keys.Where(candidate.ByKey.ContainsKey)
            .SelectMany(k => candidate.ByKey[k].Objectives.Select(o => o.Key).Append(k))
            .ToHashSet(StringComparer.Ordinal);
        var transitions = report.Transitions.Where(t => wanted.Contains(t.DefinitionKey)).ToList();
        var names = await NamesAsync(transitions, ct);
        var definitions = wanted.Order(StringComparer.Ordinal).Select(k => new DefinitionPreview(
            k,
            Sample(transitions, k, TransitionKind.Entered, names),
            Sample(transitions, k, TransitionKind.Completed, names),
            Sample(transitions, k, TransitionKind.Exited, names))).ToList();
        var actions = report.Actions.Where(a => wanted.Contains(a.DefinitionKey)).ToList();
        var changes = report.Changes.Where(c => MetadataNames.Parse(c.Name) is { } m && wanted.Contains(m.Key)).ToList();
        return new AuthoringPreview(
            report.At,
            report.EntitiesEvaluated,
            definitions,
            actions.Count,
            [.. actions.Take(First * 5).Select(a => new PreviewActionItem(a.DefinitionKey, a.EntityId, a.Transition, a.Kind, a.Summary))],
            changes.Count,
            [.. changes.Take(First * 5)]);
    }

    private static PreviewSample Sample(List<Transition> transitions, string key, TransitionKind kind, Dictionary<string, string> names)
    {
        var of = transitions.Where(t => t.DefinitionKey == key && t.Kind == kind).ToList();
        return new PreviewSample(of.Count, [.. of.Take(First).Select(t => new PreviewEntity(t.EntityId, names.GetValueOrDefault(t.EntityId, t.EntityId), t.Reason))]);
    }

    private async Task<Dictionary<string, string>> NamesAsync(List<Transition> transitions, CancellationToken ct)
    {
        // Only the sampled entities are looked up: a preview over many organisations must not load every name twice.
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var t in transitions.GroupBy(t => (t.DefinitionKey, t.Kind)).SelectMany(g => g.Take(First)))
        {
            if (!names.ContainsKey(t.EntityId) && await store.LoadEntityAsync(t.EntityKind, t.EntityId, ct) is { } e)
            {
                names[t.EntityId] = e.ToSnapshot().DisplayName;
            }
        }

        return names;
    }
}
