using System.Collections.Immutable;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Criteria;

/// <summary>
/// A parsed criterion: an immutable tree built once from the definition text. Evaluation never re-parses.
/// <see cref="Text"/> keeps the source text for explain output and the audit trail.
/// </summary>
public abstract record Criterion(string Text);

/// <summary>All children must match (an empty list matches).</summary>
public sealed record AllOf(ImmutableArray<Criterion> Children, string Text) : Criterion(Text);

/// <summary>At least one child must match.</summary>
public sealed record AnyOf(ImmutableArray<Criterion> Children, string Text) : Criterion(Text);

/// <summary><c>attr = value</c>, <c>!=</c>, <c>&gt;</c>, <c>&gt;=</c>, <c>&lt;</c>, <c>&lt;=</c>.</summary>
public sealed record Compare(ValueRef Left, CompareOp Op, AttributeValue Right, string Text) : Criterion(Text);

/// <summary><c>attr in [a, b]</c> or <c>attr not in [a, b]</c>.</summary>
public sealed record InList(ValueRef Left, ImmutableArray<AttributeValue> Values, bool Negated, string Text) : Criterion(Text);

/// <summary><c>attr contains "x"</c> (case-insensitive substring, or list membership) or <c>does not contain</c>.</summary>
public sealed record Contains(ValueRef Left, string Needle, bool Negated, string Text) : Criterion(Text);

/// <summary>Relative dates: <c>within last/next N unit</c>, <c>more/less than N unit ago</c>.</summary>
public sealed record RelativeDate(ValueRef Left, RelativeMode Mode, TimeSpan Span, string Text) : Criterion(Text);

/// <summary><c>attr has any value</c> / <c>attr has no value</c>.</summary>
public sealed record HasValue(ValueRef Left, bool Any, string Text) : Criterion(Text);

/// <summary>
/// <c>event occurred</c>, <c>event occurred &gt;= 3 times within 14 days</c>, <c>event not occurred</c>.
/// Events count forward only: at or after the definition's live time (and, for completion/goal, the entity's entry).
/// </summary>
public sealed record Occurred(string Event, CompareOp CountOp, int Count, TimeSpan? Window, bool Negated, string Text) : Criterion(Text);
