namespace Trig.Crm.Engine.Alerts;

/// <summary>What is stale right now: the failing streak (if it reached the threshold) and the stale definitions.</summary>
internal sealed record StaleState(
    int FailedInARow,
    DateTimeOffset? FailingSince,
    string? LastError,
    IReadOnlyList<(string Key, DateTimeOffset EvaluatedAt)> StaleDefinitions,
    DateTimeOffset? LastCompleted)
{
    public bool IsStale(int failedThreshold) => FailedInARow >= failedThreshold || StaleDefinitions.Count > 0;

    /// <summary>The earliest moment something became stale: the first failure of the streak or the oldest evaluation.</summary>
    public DateTimeOffset? Since(int failedThreshold) =>
        new[] { FailedInARow >= failedThreshold ? FailingSince : null, StaleDefinitions.Count > 0 ? StaleDefinitions.Min(d => d.EvaluatedAt) : null }
            .Where(t => t is not null).Min();
}
