using Trig.Crm.Engine.Metadata;
using Trig.Crm.Engine.Outbox;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Engine.Cards;
namespace Trig.Crm.Engine.Cycle;

/// <summary>How to run a cycle.</summary>
/// <param name="AsOf">Evaluate as if the clock read this time (replay/backfill); never before the last cycle.</param>
/// <param name="DryRun">Preview: evaluate without writing anything, anywhere.</param>
/// <param name="Dispatch">Dispatch the actions that are due at the end (sync --once).</param>
/// <param name="Pull">Pull from the CRM first.</param>
/// <param name="Push">Provision and push metadata.</param>
/// <param name="Metrics">Compute per-definition measurement for the report (a scan of all memberships; the scheduled cycle skips it).</param>
public sealed record CycleRequest(DateTimeOffset? AsOf = null, bool DryRun = false, bool Dispatch = false, bool Pull = true, bool Push = true, IProgress<string>? Progress = null, bool Metrics = true);
