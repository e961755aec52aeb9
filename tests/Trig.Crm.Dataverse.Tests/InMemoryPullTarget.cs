using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.Dataverse.Tests;

public sealed class InMemoryPullTarget : ICrmPullTarget
{
    public Dictionary<(EntityKind, string), CrmRecord> Records { get; } = [];

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
            Records.Remove((kind, id));
            Deleted.Add((kind, id));
        }

        return Task.CompletedTask;
    }

    public Task<string?> GetCheckpointAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(Checkpoints.TryGetValue(key, out var v) ? v : null);

    public Task SetCheckpointAsync(string key, string value, CancellationToken cancellationToken)
    {
        Checkpoints[key] = value;
        return Task.CompletedTask;
    }
}
