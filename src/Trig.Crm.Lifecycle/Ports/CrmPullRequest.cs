namespace Trig.Crm.Lifecycle.Ports;

/// <summary>What a pull should fetch.</summary>
/// <param name="Full">Ignore checkpoints and read everything.</param>
/// <param name="Only">When set, refresh exactly these records (for example after webhooks) instead of a scan.</param>
public sealed record CrmPullRequest(bool Full = false, IReadOnlyList<CrmRecordRef>? Only = null);
