using Microsoft.Extensions.Options;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Engine.Telemetry;
using Trig.Crm.Lifecycle.Cards;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store;

namespace Trig.Crm.Engine.Cards;

/// <summary>
/// Serves card views: one entity read, the last transitions, benchmarks cached for a minute, and the next steps from
/// the retention ranking <see cref="ICardNextSteps"/> keeps (never computed for a card request).
/// </summary>
public sealed class CardService(ITrigStore store, DefinitionCatalog catalog, EngineMetrics metrics, TimeProvider time, IOptions<CardOptions> options, ICardNextSteps nextSteps)
{
    private static readonly TimeSpan BenchmarkTtl = TimeSpan.FromMinutes(1);
    private (DateTimeOffset At, Dictionary<(string, string), Benchmark> Value)? _benchmarks;

    public async Task<CardView?> BuildAsync(EntityKind kind, string id, CancellationToken ct)
    {
        var clock = time.GetTimestamp();
        var view = await BuildViewAsync(kind, id, ct);
        metrics.CardBuilt(time.GetElapsedTime(clock), view is not null);
        return view;
    }

    private async Task<CardView?> BuildViewAsync(EntityKind kind, string id, CancellationToken ct)
    {
        var set = catalog.Current ?? catalog.Reload();
        if (set is null)
        {
            return null;
        }

        var data = await store.LoadCardDataAsync(kind, id, 10, ct);
        if (data is not { } found)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var cached = _benchmarks;
        if (cached is null || now - cached.Value.At > BenchmarkTtl)
        {
            cached = (now, await store.LoadBenchmarksAsync(ct));
            _benchmarks = cached;
        }

        return CardViewBuilder.Build(set, found.Entity, cached.Value.Value, found.Transitions, now, await EvaluatedAtAsync(found.Transitions, ct), options.Value.Currency,
            nextSteps.For(found.Entity));
    }

    /// <summary>
    /// The store keeps no per-entity evaluation time: every full cycle evaluates every entity (or knows, from its
    /// settled time, that evaluating it would change nothing) and records its time,
    /// and the fast path records a transition when an evaluation changes something, so the latest of the two is
    /// the last evaluation that touched the entity (a fast-path evaluation that changed nothing is not seen).
    /// </summary>
    private async Task<DateTimeOffset?> EvaluatedAtAsync(IReadOnlyList<StoredTransition> transitions, CancellationToken ct)
    {
        DateTimeOffset?[] times = [await store.GetLastCycleAsync(ct), .. transitions.Select(t => (DateTimeOffset?)t.Transition.At)];
        return times.Max();
    }
}
