namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>
/// One criterion's outcome, with the value seen, for <c>trig explain</c>. (The one-line reason recorded on a
/// transition is written by <see cref="CriterionExplainer.Summarize"/>.)
/// </summary>
public sealed record ExplainNode(string Text, bool Result, string? Observed, IReadOnlyList<ExplainNode> Children);
