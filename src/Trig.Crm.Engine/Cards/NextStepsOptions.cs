using System.ComponentModel.DataAnnotations;
using Trig.Crm.Lifecycle.Definitions;

namespace Trig.Crm.Engine.Cards;

/// <summary>
/// The card's "what should this account do next" (<c>Trig:Cards:NextSteps</c>): the outcome the retention gap ranks by
/// (as <c>trig insights retention</c> takes it), how many steps a card shows, and how often the ranking is refreshed.
/// Off when no outcome is set.
/// </summary>
public sealed class NextStepsOptions : IValidatableObject
{
    public const string Section = "Trig:Cards:NextSteps";

    /// <summary>A criteria condition that holds for retained organisations, e.g. <c>subscription_status = active</c>.</summary>
    public string? Outcome { get; set; }

    /// <summary>Or: the organisation cohort whose members count as retained.</summary>
    public string? RetainedCohort { get; set; }

    /// <summary>Or: the organisation cohort whose members count as churned.</summary>
    public string? ChurnedCohort { get; set; }

    /// <summary>Only completions this early after the chance began count (a duration such as <c>7d</c>); empty = any time.</summary>
    public string? Within { get; set; }

    /// <summary>Steps a card shows at most. Default 3.</summary>
    [Range(1, 10, ErrorMessage = "Trig:Cards:NextSteps:Top must be 1 to 10.")]
    public int Top { get; set; } = 3;

    /// <summary>Minutes a computed ranking is served before it is computed again, in the background. Default 60.</summary>
    [Range(1, 10_080, ErrorMessage = "Trig:Cards:NextSteps:RefreshMinutes must be 1 to 10080 (a week).")]
    public int RefreshMinutes { get; set; } = 60;

    public bool Enabled => Given().Length > 0;

    internal TimeSpan? WithinSpan => string.IsNullOrWhiteSpace(Within) ? null : DurationParser.TryParse(Within.Trim(), out var w) ? w : null;

    private string[] Given() => new[] { Outcome, RetainedCohort, ChurnedCohort }.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).ToArray();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Given().Length > 1)
        {
            yield return new ValidationResult($"{Section}: set one of Outcome, RetainedCohort or ChurnedCohort, not several.");
        }

        if (!string.IsNullOrWhiteSpace(Within) && WithinSpan is null)
        {
            yield return new ValidationResult($"{Section}:Within '{Within}' is not a duration (use e.g. 7d, 30d, 2w).");
        }
        else if (WithinSpan is { } span && span <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"{Section}:Within must be above zero.");
        }
    }
}
