using Trig.Crm.Lifecycle.Definitions;

namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>Why an entity is (not) in a definition: its status and each criteria block, condition by condition.</summary>
public sealed record DefinitionExplanation(
    Definition Definition,
    string Status,
    ExplainNode? Audience,
    ExplainNode? Completion,
    ExplainNode? ExitWhen,
    bool Paused);
