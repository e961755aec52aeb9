namespace Trig.Crm.Lifecycle.Ports;

/// <summary>A CRM as a sink for Trig's generated metadata.</summary>
public interface ICrmMetadataSink
{
    /// <summary><c>local</c>, <c>hubspot</c> or <c>dynamics</c>.</summary>
    string Provider { get; }

    /// <summary>Whether the sink wants the compact card summary (<c>summary</c>, memo) kept on each record.</summary>
    bool WantsCardSummary { get; }

    /// <summary>
    /// Ensures the properties exist (read first, create what is missing, never alter or delete).
    /// Properties of removed definitions are simply not in the list and are left alone.
    /// </summary>
    Task<ProvisionResult> ProvisionAsync(IReadOnlyList<MetadataProperty> properties, CancellationToken cancellationToken);

    /// <summary>Writes the changes (already diffed against what was pushed before) and reports each one's outcome.</summary>
    Task<PushResult> PushAsync(IReadOnlyList<MetadataChange> changes, CancellationToken cancellationToken);
}
