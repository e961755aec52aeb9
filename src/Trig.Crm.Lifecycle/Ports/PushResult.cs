namespace Trig.Crm.Lifecycle.Ports;

/// <summary>
/// The outcome of a push, change by change: written (recorded as pushed), dropped (the record no longer exists
/// in the CRM: not retried) or failed.
/// </summary>
public sealed record PushResult(
    IReadOnlyList<MetadataChange> Written,
    IReadOnlyList<MetadataChange> Dropped,
    IReadOnlyList<PushFailure> Failed,
    int Requests,
    IReadOnlyList<string> Notes)
{
    public static PushResult Empty { get; } = new([], [], [], 0, []);
}
