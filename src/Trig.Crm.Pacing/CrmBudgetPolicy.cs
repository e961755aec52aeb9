namespace Trig.Crm.Pacing;

/// <summary>
/// One CRM rate limit the cluster shares: at most <see cref="Budget"/> requests in any rolling <see cref="Period"/>.
/// The shared budget is kept in fixed windows (<see cref="Slices"/> per period), each granting
/// <see cref="PerWindow"/> permits.
/// </summary>
/// <param name="Provider">The CRM (<c>hubspot</c>, <c>dynamics</c>).</param>
/// <param name="Policy">The CRM's name for the limit (HubSpot's <c>TEN_SECONDLY_ROLLING</c>).</param>
/// <param name="Budget">Requests the CRM allows per <paramref name="Period"/>.</param>
/// <param name="Period">The CRM's rolling window.</param>
/// <param name="Slices">Fixed windows per period: more give smoother pacing and a smaller safety margin per window.</param>
/// <param name="Batch">Permits a node takes from the store at once (one write per batch, not per request).</param>
public sealed record CrmBudgetPolicy(string Provider, string Policy, int Budget, TimeSpan Period, int Slices, int Batch)
{
    /// <summary>The length of one fixed window (at least one millisecond).</summary>
    public TimeSpan Window => TimeSpan.FromMilliseconds(Math.Max(1, (long)(Period.TotalMilliseconds / Math.Max(1, Slices))));

    /// <summary>
    /// Permits per fixed window: the budget over <c>Slices + 2</c>. A rolling period overlaps at most <c>Slices + 1</c>
    /// fixed windows, and one more absorbs the network delay between taking a permit and the CRM counting the request,
    /// so no rolling period the CRM sees holds more than <see cref="Budget"/> requests. At least one.
    /// </summary>
    public int PerWindow => Math.Max(1, Budget / (Math.Max(1, Slices) + 2));
}
