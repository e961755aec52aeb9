using Trig.Crm.Lifecycle.Cards;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store;

namespace Trig.Crm.Worker.Engine;

/// <summary>Serves card views: one entity read, the last transitions, and benchmarks cached for a minute.</summary>
public sealed class CardService(ITrigStore store, DefinitionCatalog catalog, TimeProvider time)
{
    private static readonly TimeSpan BenchmarkTtl = TimeSpan.FromMinutes(1);

    // The store's reads run synchronously on the calling thread (SQLite): with hundreds of card requests at once,
    // letting them all in blocks as many pool threads, starving Kestrel's I/O and pushing tail latency up. A few
    // readers at a time keep the CPUs busy; the others wait asynchronously, holding no thread.
    private readonly SemaphoreSlim _readers = new(Math.Max(2, Environment.ProcessorCount * 2));
    private (DateTimeOffset At, Dictionary<(string, string), Benchmark> Value)? _benchmarks;

    public async Task<CardView?> BuildAsync(EntityKind kind, string id, CancellationToken ct)
    {
        var set = catalog.Current ?? catalog.Reload();
        if (set is null)
        {
            return null;
        }

        EntityState? entity;
        IReadOnlyList<StoredTransition> transitions;
        var now = time.GetUtcNow();
        var cached = _benchmarks;
        await _readers.WaitAsync(ct);
        try
        {
            entity = await store.LoadEntityAsync(kind, id, ct);
            if (entity is null)
            {
                return null;
            }

            if (cached is null || now - cached.Value.At > BenchmarkTtl)
            {
                cached = (now, await store.LoadBenchmarksAsync(ct));
                _benchmarks = cached;
            }

            transitions = await store.TransitionsForAsync(kind, id, 10, ct);
        }
        finally
        {
            _readers.Release();
        }

        return CardViewBuilder.Build(set, entity, cached.Value.Value, transitions, now);
    }
}
