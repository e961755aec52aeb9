namespace Trig.Crm.Lifecycle.Cards;

/// <summary>
/// "What should this account do next": a behaviour or objective near the top of the retention-gap ranking that the
/// organisation has not completed. The rates are fractions; the gap is in percentage points.
/// </summary>
/// <param name="Kind"><c>behaviour</c> or <c>objective</c>.</param>
/// <param name="Stage">The stage of an objective; null for a behaviour.</param>
/// <param name="Status">Where the organisation stands on it: <c>not_started</c>, <c>active</c> or <c>exited</c>.</param>
public sealed record CardNextStep(
    string Key,
    string Name,
    string Kind,
    string? Stage,
    string Status,
    double GapPoints,
    double? DoerRetention,
    double? NonDoerRetention);
