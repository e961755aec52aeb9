namespace Trig.Crm.Testing.Specs;

/// <summary>A fact that needs a vendor's OpenAPI spec: reported Skipped when TRIG_SPECS_DIR is not set or the folder is missing.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class SpecFactAttribute : FactAttribute
{
    public SpecFactAttribute(string? vendor = null)
    {
        if (VendorSpecs.SkipReason(vendor) is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A theory that needs a vendor's OpenAPI spec: reported Skipped when TRIG_SPECS_DIR is not set or the folder is missing.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class SpecTheoryAttribute : TheoryAttribute
{
    public SpecTheoryAttribute(string? vendor = null)
    {
        if (VendorSpecs.SkipReason(vendor) is { } reason)
        {
            Skip = reason;
        }
    }
}
