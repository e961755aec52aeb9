namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>Per-definition state kept by the store: when it went live (events count from then) and the admin pause.</summary>
public sealed record DefinitionRuntime(DateTimeOffset LiveAt, bool PausedByAdmin);
