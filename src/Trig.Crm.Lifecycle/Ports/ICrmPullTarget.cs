using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Ports;

/// <summary>Where a CRM source writes what it pulls. Implemented by the store.</summary>
public interface ICrmPullTarget
{
    /// <summary>Inserts or updates records; attributes not mentioned keep their value.</summary>
    Task UpsertAsync(IReadOnlyList<CrmRecord> records, CancellationToken cancellationToken);

    /// <summary>Removes records that were archived or deleted in the CRM.</summary>
    Task DeleteAsync(EntityKind kind, IReadOnlyList<string> ids, CancellationToken cancellationToken);

    /// <summary>Reads a sync checkpoint (a timestamp, delta link, …) stored under a connector-chosen key.</summary>
    Task<string?> GetCheckpointAsync(string key, CancellationToken cancellationToken);

    /// <summary>Stores a sync checkpoint.</summary>
    Task SetCheckpointAsync(string key, string value, CancellationToken cancellationToken);
}
