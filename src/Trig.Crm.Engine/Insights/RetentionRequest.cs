namespace Trig.Crm.Engine.Insights;

/// <summary>
/// What marks an organisation as retained: a criteria condition (true = retained), a cohort whose members are the
/// retained ones, or a cohort whose members are the churned ones. Exactly one is set. <see cref="Within"/> counts only
/// completions that early after the organisation's chance began.
/// </summary>
internal sealed record RetentionRequest(string? Outcome, string? RetainedCohort, string? ChurnedCohort, TimeSpan? Within)
{
    public void Validate()
    {
        var given = new[] { Outcome, RetainedCohort, ChurnedCohort }.Count(v => !string.IsNullOrWhiteSpace(v));
        if (given != 1)
        {
            throw new InsightsRequestException("give exactly one outcome: --outcome \"<criteria>\", --retained-cohort KEY or --churned-cohort KEY");
        }

        if (Within is { } w && w <= TimeSpan.Zero)
        {
            throw new InsightsRequestException("--within must be a positive duration such as 30d");
        }
    }
}
