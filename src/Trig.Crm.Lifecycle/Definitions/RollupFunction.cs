namespace Trig.Crm.Lifecycle.Definitions;

/// <summary>A roll-up aggregate.</summary>
public enum RollupFunction
{
    Sum,
    Count,
    Avg,
    Min,
    Max,
}
