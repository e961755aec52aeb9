namespace Trig.Crm.Lifecycle.Criteria;

/// <summary>How a relative date condition compares a datetime attribute with now.</summary>
public enum RelativeMode
{
    /// <summary>now − span ≤ value ≤ now.</summary>
    WithinLast,

    /// <summary>now ≤ value ≤ now + span.</summary>
    WithinNext,

    /// <summary>value &lt; now − span.</summary>
    MoreThanAgo,

    /// <summary>now − span ≤ value ≤ now (the same as within last, spelled the seeds' way).</summary>
    LessThanAgo,
}
