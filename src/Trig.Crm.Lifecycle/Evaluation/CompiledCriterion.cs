namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>A criterion compiled by <see cref="CriterionCompiler"/>: whether it matches in a scope.</summary>
internal delegate bool CompiledCriterion(in Scope s);
