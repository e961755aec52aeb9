namespace Trig.Crm.Testing.Prerequisites;

/// <summary>The theory form of <see cref="SmtpFactAttribute"/>: every case is Skipped where python3-aiosmtpd is missing, except in CI, where they run and fail.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class SmtpTheoryAttribute : TheoryAttribute
{
    public SmtpTheoryAttribute()
    {
        if (Prerequisite.SkipReason(SmtpFactAttribute.Present, SmtpFactAttribute.Missing) is { } reason)
        {
            Skip = reason;
        }
    }
}
