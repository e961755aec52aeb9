using System.Collections.Concurrent;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.Testing.Stores;

/// <summary>The store's side of a pull, in memory (for the connector tests).</summary>
internal sealed class InMemoryPullTarget : ICrmPullTarget
{
    public ConcurrentDictionary<(EntityKind Kind, string Id), CrmRecord> Records { get; } = new();

    public List<(EntityKind Kind, string Id)> Deleted { get; } = [];

    public Dictionary<string, string> Checkpoints { get; } = [];

    public int UpsertCalls { get; private set; }

    public Task UpsertAsync(IReadOnlyList<CrmRecord> records, CancellationToken cancellationToken)
    {
        UpsertCalls++;
        foreach (var record in records)
        {
            Records[(record.Kind, record.Id)] = record;
        }

        return Task.CompletedTask;
    }

    public Task DeleteAsync(EntityKind kind, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        foreach (var id in ids)
        {
            Deleted.Add((kind, id));
            Records.TryRemove((kind, id), out _);
        }

        return Task.CompletedTask;
    }

    public Task<string?> GetCheckpointAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(Checkpoints.TryGetValue(key, out var value) ? value : null);

    public Task SetCheckpointAsync(string key, string value, CancellationToken cancellationToken)
    {
        Checkpoints[key] = value;
        return Task.CompletedTask;
    }
}
