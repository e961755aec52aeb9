using Trig.Crm.Engine.Definitions;
using Trig.Crm.Engine.Metadata;
using Trig.Crm.Lifecycle.Actions;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Store;

namespace Trig.Crm.Engine.Cycle;

/// <summary>Evaluation with no side effects: previews (who would move, which actions, which CRM fields) and explain.</summary>
internal sealed class CyclePreview(ITrigStore store, MetadataPusher pusher, DefinitionCatalog catalog, TimeProvider time)
{
    /// <summary>Evaluates every unit as of <paramref name="asOf"/> (default now; more than a day ahead only with <paramref name="force"/>) and reports what would happen; writes nothing.</summary>
    public async Task<PreviewReport> PreviewAsync(DateTimeOffset? asOf, bool force, CancellationToken ct) =>
        await PreviewAsync(await catalog.RequireAsync(ct), asOf, force, ct);

    /// <summary>The same preview for a candidate <paramref name="set"/> that is not in force (an authored document before it is published).</summary>
    public async Task<PreviewReport> PreviewAsync(DefinitionSet set, DateTimeOffset? asOf, bool force, CancellationToken ct)
    {
        var now = asOf ?? time.GetUtcNow();
        CycleRefusedException.ThrowIfTooFarAhead(asOf, time.GetUtcNow(), force);
        await CycleRefusedException.ThrowIfBeforeLastCycleAsync(store, asOf, ct);

        var runtime = await RuntimeAsync(set, now, ct);
        var units = await store.LoadUnitsAsync(null, null, ct);
        var benchmarks = BenchmarkCalculator.Compute(set, units.Select(u => u.Organisation).OfType<EntityState>());
        var result = Evaluator.EvaluateAll(new EvaluationInput(set, runtime, benchmarks, now), units);
        return new PreviewReport
        {
            At = now,
            DefinitionsVersion = set.Version,
            EntitiesEvaluated = result.EntitiesEvaluated,
            Transitions = result.Transitions,
            Actions = [.. result.Actions.Select(Describe)],
            Changes = await pusher.DiffAsync(set, units, null, ct),
        };
    }

    /// <summary>The evaluation input and every unit as of <paramref name="asOf"/>, for a caller that evaluates part of it (preview of one audience, explain).</summary>
    public async Task<(EvaluationInput Input, List<EvaluationUnit> Units)> LoadAsync(DateTimeOffset? asOf, CancellationToken ct)
    {
        var set = await catalog.RequireAsync(ct);
        var now = asOf ?? time.GetUtcNow();
        var runtime = await RuntimeAsync(set, now, ct);
        var units = await store.LoadUnitsAsync(null, null, ct);
        var benchmarks = await store.LoadBenchmarksAsync(ct);
        return (new EvaluationInput(set, runtime, benchmarks, now), units);
    }

    private async Task<Dictionary<string, DefinitionRuntime>> RuntimeAsync(DefinitionSet set, DateTimeOffset now, CancellationToken ct)
    {
        // Read-only: definitions the store has not seen yet would go live now.
        var stored = await store.LoadDefinitionRuntimeAsync(ct);
        foreach (var d in set.All)
        {
            stored.TryAdd(d.Key, new DefinitionRuntime(now, false));
        }

        return stored;
    }

    private static PreviewAction Describe(PendingAction a)
    {
        var summary = a.Action switch
        {
            SlackAction s => $"slack {(s.Channel ?? "DM to owner")}: {s.Text}",
            WebhookAction w => $"webhook POST {w.Url}",
            EmailAction e => $"email \"{e.Subject}\"",
            UpdateAttributeAction u => $"set {u.Attribute} = {u.Value}",
            RouteToAction r => $"route to job {r.Job}",
            _ => a.Action.Kind,
        };
        return new PreviewAction(a.Transition.DefinitionKey, a.Transition.EntityId, a.Transition.Name, a.Action.Kind, summary);
    }
}
