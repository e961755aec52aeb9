using Microsoft.Extensions.Options;
using Trig.Crm.Engine.Cards;
using Trig.Crm.Engine.Metadata;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store;

namespace Trig.Crm.Engine.Cycle;

/// <summary>
/// The push step shared by the full cycle and the fast path: provision the CRM properties, diff the evaluated units
/// (card summary included) against what was last written, and write the changes.
/// </summary>
internal sealed class CyclePush(ITrigStore store, MetadataPusher pusher, IOptions<CardOptions> cards, ILogger<CyclePush> logger)
{
    /// <summary>
    /// Records until when each evaluated unit holds, leaving out the units whose metadata did not all land
    /// (<paramref name="pushed"/> null: no push was asked for), so that the next cycle evaluates and pushes them again.
    /// </summary>
    public async Task SettleAsync(EvaluationResult result, List<EvaluationUnit> units, PushOutcome? pushed, bool pushAsked, CancellationToken ct)
    {
        if (!pushAsked || pushed is { Unpushed.Count: 0 })
        {
            await store.SettleAsync(result.Settled, ct);
            return;
        }

        if (pushed?.Unpushed is not { } unpushed)
        {
            return;
        }

        var left = new HashSet<(EntityKind, string)>();
        foreach (var u in units)
        {
            if (u.Entities.Any(e => unpushed.Contains((e.Kind, e.Id))))
            {
                left.UnionWith(u.Organisation is { } o ? [(o.Kind, o.Id)] : u.People.Select(p => (p.Kind, p.Id)));
            }
        }

        await store.SettleAsync([.. result.Settled.Where(s => !left.Contains((s.Kind, s.Id)))], ct);
    }

    public async Task<PushOutcome> PushAsync(
        DefinitionSet set, List<EvaluationUnit> units, IReadOnlyDictionary<(string, string), Benchmark> benchmarks, DateTimeOffset now,
        IProgress<string>? progress, CancellationToken ct)
    {
        try
        {
            var prov = await pusher.ProvisionAsync(set, force: false, ct);
            // Every unit pushed here was evaluated as of now.
            Func<EntityState, Task<string?>> summary = async e =>
                MetadataProjector.SummaryJson(CardViewBuilder.Build(set, e, benchmarks, await store.TransitionsForAsync(e.Kind, e.Id, 5, ct), now, now, cards.Value.Currency));
            var changes = await pusher.DiffAsync(set, units, summary, ct);
            progress?.Report($"Pushing {changes.Count} metadata values to {pusher.Provider}");
            var pushed = await pusher.PushAsync(changes, ct);
            return new PushOutcome(prov?.Created.Count ?? 0, pushed.Written.Count, pushed.Failed.Count, pushed.Requests + (prov?.Requests ?? 0), pushed.Notes,
                pushed.Failed.Select(f => (f.Change.Kind, f.Change.EntityId)).ToHashSet());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The CRM being unreachable must not undo the evaluation: the diff is retried next cycle.
            logger.LogError(ex, "Pushing metadata to {Provider} failed; it will be retried next cycle", pusher.Provider);
            return new PushOutcome(0, 0, 0, 0, [$"metadata push to {pusher.Provider} failed: {ex.Message}"], null);
        }
    }
}

