namespace Trig.Crm.Engine.Insights;

/// <summary>
/// The retention-gap ranking: <see cref="Ranked"/> by gap (largest first), and the items with fewer doers or
/// non-doers than <see cref="MinGroupSize"/> in <see cref="NotEnoughData"/>. Only organisations whose outcome is
/// known count; <see cref="Unknown"/> says how many were left out.
/// </summary>
internal sealed record RetentionReport(
    string Outcome,
    double? WithinDays,
    int MinGroupSize,
    int Organisations,
    int Retained,
    int Unknown,
    IReadOnlyList<RetentionItem> Ranked,
    IReadOnlyList<RetentionItem> NotEnoughData);
