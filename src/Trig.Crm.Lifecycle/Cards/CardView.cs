using System.Text.Json.Serialization;

namespace Trig.Crm.Lifecycle.Cards;

/// <summary>
/// The data behind every Trig card (HubSpot UI extension, Dynamics PCF control, local preview). Serialised as
/// camelCase JSON; documented in docs/cardview.md. Datetimes are ISO 8601 UTC.
/// </summary>
/// <param name="EvaluatedAt">
/// The last evaluation that touched the entity: the latest of its last transition and the last full cycle (every
/// full cycle evaluates every entity or knows its answer unchanged); null when it was never evaluated. The cards' "updated … ago" reads it.
/// </param>
/// <param name="Currency">The ISO 4217 code money is shown in (<c>Trig:Cards:Currency</c>).</param>
/// <param name="NextSteps">
/// The top retention-gap behaviours and objectives the organisation has not completed (empty when
/// <c>Trig:Cards:NextSteps</c> sets no outcome). Null, and then left out of the JSON, in the summary pushed to
/// Dynamics: that summary is rewritten only when the entity changes, and a ranking is not the entity's own data.
/// </param>
public sealed record CardView(
    CardEntity Entity,
    DateTimeOffset AsOf,
    CardStage? Stage,
    CardSignal? Signal,
    IReadOnlyList<CardBehaviour> Behaviours,
    IReadOnlyList<CardCohort> Cohorts,
    CardJob? CurrentJob,
    IReadOnlyList<CardPastJob> PastJobs,
    IReadOnlyList<CardTransition> Transitions,
    DateTimeOffset? EvaluatedAt,
    string Currency,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<CardNextStep>? NextSteps = null);

/// <param name="Kind"><c>organisation</c> or <c>person</c>.</param>
public sealed record CardEntity(string Id, string Kind, string Name, string? RecordUrl, string? OwnerEmail);

/// <summary>The stage the entity is in now (or, when in none, null).</summary>
public sealed record CardStage(
    string Key,
    string Name,
    DateTimeOffset EnteredAt,
    double DaysInStage,
    int ObjectivesDone,
    int ObjectivesTotal,
    IReadOnlyList<CardObjective> Objectives);

/// <param name="Status"><c>completed</c>, <c>active</c>, <c>exited</c> or <c>not_started</c>.</param>
/// <param name="BenchmarkDays">Mean days from stage entry to completing this objective, when learned.</param>
/// <param name="Slow">True when this objective is one the entity is slow on (the signal).</param>
public sealed record CardObjective(
    string Key,
    string Name,
    string Status,
    DateTimeOffset? CompletedAt,
    double? BenchmarkDays,
    bool Slow);

/// <summary>The slow-completers signal for the entity: set only when it is flagged.</summary>
public sealed record CardSignal(string Key, string Name, IReadOnlyList<string> SlowObjectives, double? Arr, double ArrAtRisk);

/// <param name="Status"><c>active</c>, <c>completed</c> or <c>exited</c>.</param>
public sealed record CardBehaviour(
    string Key,
    string Name,
    string Status,
    DateTimeOffset EnteredAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? ExitedAt);

public sealed record CardCohort(string Key, string Name, DateTimeOffset EnteredAt);

/// <param name="DueAt">When the job's duration runs out, if it has one.</param>
public sealed record CardJob(string Key, string Name, DateTimeOffset EnteredAt, DateTimeOffset? DueAt);

/// <param name="Outcome"><c>completed</c> or <c>exited</c>.</param>
public sealed record CardPastJob(string Key, string Name, string Outcome, DateTimeOffset EnteredAt, DateTimeOffset EndedAt);

/// <param name="Transition"><c>entered</c>, <c>completed</c>, <c>exited</c> or <c>follow_up</c>.</param>
public sealed record CardTransition(DateTimeOffset At, string DefinitionKey, string DefinitionName, string DefinitionKind, string Transition);
