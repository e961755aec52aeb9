namespace Trig.Crm.Engine.Cycle;

/// <summary>How to run a full cycle.</summary>
/// <param name="AsOf">Evaluate as if the clock read this time (replay/backfill); never before the last cycle.</param>
/// <param name="Dispatch">Dispatch the actions that are due at the end (sync --once).</param>
/// <param name="Pull">Pull from the CRM first.</param>
/// <param name="Push">Provision and push metadata.</param>
/// <param name="Progress">Where to report progress lines (the CLI's progress display), if anywhere.</param>
/// <param name="Force">Accept an <paramref name="AsOf"/> more than <see cref="CycleRefusedException.MaxAhead"/> ahead of the clock.</param>
/// <param name="Metrics">Compute per-definition measurement for the report (a scan of all memberships; the scheduled cycle skips it).</param>
public sealed record FullCycleRequest(DateTimeOffset? AsOf = null, bool Dispatch = false, bool Pull = true, bool Push = true, IProgress<string>? Progress = null, bool Metrics = true, bool Force = false);
