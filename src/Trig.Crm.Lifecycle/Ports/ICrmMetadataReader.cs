namespace Trig.Crm.Lifecycle.Ports;

/// <summary>
/// A metadata sink that can read back the values a CRM holds. After a process died mid-push, the values it may have
/// written are read from the CRM and only those it does not hold are sent, so a crash does not write a value twice
/// (as the Slack sender reads the channel's history before a retry).
/// </summary>
public interface ICrmMetadataReader
{
    /// <summary>
    /// The CRM's current value of each property named in <paramref name="wanted"/> (their values are ignored). Records the
    /// CRM no longer has are left out.
    /// </summary>
    Task<IReadOnlyList<MetadataChange>> ReadAsync(IReadOnlyList<MetadataChange> wanted, CancellationToken cancellationToken);
}
