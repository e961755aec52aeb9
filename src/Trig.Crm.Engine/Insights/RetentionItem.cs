namespace Trig.Crm.Engine.Insights;

/// <summary>
/// One behaviour or objective in a retention-gap ranking. Doers completed it (within the window, when one is set)
/// among the organisations that had the chance (entered its audience, or its stage for an objective); non-doers had
/// the chance and did not. Rates are fractions; the gap and its 95% interval are in percentage points.
/// </summary>
internal sealed record RetentionItem(
    string Key,
    string Name,
    string Kind,
    string? Stage,
    int Doers,
    int DoersRetained,
    int NonDoers,
    int NonDoersRetained,
    double? DoerRetention,
    double? NonDoerRetention,
    double? GapPoints,
    double? GapLowPoints,
    double? GapHighPoints,
    bool EnoughData);
