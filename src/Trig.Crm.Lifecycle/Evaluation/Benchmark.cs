namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>The learned mean time from stage entry to completing an objective, over <see cref="Completions"/> organisations.</summary>
public sealed record Benchmark(string StageKey, string ObjectiveKey, TimeSpan Mean, int Completions);
