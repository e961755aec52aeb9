using System.Collections.Immutable;
using Trig.Crm.Lifecycle.Actions;

namespace Trig.Crm.Lifecycle.Definitions;

/// <summary>A job follow-up: actions that fire <see cref="After"/> entry, only while the entity is still in the job.</summary>
public sealed record FollowUp(TimeSpan After, ImmutableArray<ActionSpec> Actions);
