using System.Collections.Immutable;
using Trig.Crm.Lifecycle.Actions;
using Trig.Crm.Lifecycle.Criteria;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Definitions;

/// <summary>
/// One lifecycle definition, immutable once loaded. Which fields apply depends on <see cref="Kind"/>
/// (LIFECYCLE.md): behaviours and objectives use Audience/Completion/TimeLimit; cohorts Audience (their criteria);
/// stages Audience/Completion (complete_when)/ExitAfter/ExitWhen/Objectives; jobs Audience/Completion (goal)/
/// Duration/Reentry/FollowUps; signals the Signal settings.
/// </summary>
public sealed record Definition
{
    public required string Key { get; init; }

    public required string Name { get; init; }

    public required DefinitionKind Kind { get; init; }

    public required EntityKind Entity { get; init; }

    /// <summary>A content hash: changes whenever the definition's text changes.</summary>
    public required string Version { get; init; }

    /// <summary>Paused in the YAML (<c>status: paused</c>); the admin API can pause too.</summary>
    public bool Paused { get; init; }

    public Criterion? Audience { get; init; }

    /// <summary>Completion criteria (behaviour/objective <c>completion</c>, stage <c>complete_when</c>, job <c>goal</c>).</summary>
    public Criterion? Completion { get; init; }

    public TimeSpan? TimeLimit { get; init; }

    public TimeSpan? ExitAfter { get; init; }

    public Criterion? ExitWhen { get; init; }

    public TimeSpan? Duration { get; init; }

    /// <summary>Jobs only: whether an entity can enter again after leaving (default true).</summary>
    public bool Reentry { get; init; } = true;

    /// <summary>Objectives only: the key of their stage.</summary>
    public string? StageKey { get; init; }

    public ImmutableArray<Definition> Objectives { get; init; } = [];

    public ImmutableArray<FollowUp> FollowUps { get; init; } = [];

    public ImmutableArray<ActionSpec> OnEntry { get; init; } = [];

    public ImmutableArray<ActionSpec> OnComplete { get; init; } = [];

    public ImmutableArray<ActionSpec> OnExit { get; init; } = [];

    public SignalSettings? Signal { get; init; }

    /// <summary>Where the definition starts in its file, for messages.</summary>
    public required SourceLocation Location { get; init; }

    public bool HasCompletion => Kind is DefinitionKind.Behaviour or DefinitionKind.Objective or DefinitionKind.Stage or DefinitionKind.Job;
}
