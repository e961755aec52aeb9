namespace Trig.Crm.Engine.Insights;

/// <summary>Completions whose last step before the goal was this one (<see cref="Step"/> 0 = the entry actions, N = follow-up N).</summary>
internal sealed record JobStepCompletions(int Step, string Label, int Completions);
