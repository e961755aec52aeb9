using System.Globalization;
using Trig.Crm.Engine.Cycle;

namespace Trig.Crm.Worker.Cli;

/// <summary><c>trig sync --once</c>: one full cycle and its summary.</summary>
internal static class SyncCommand
{
    public static async Task<int> RunAsync(IServiceProvider sp, bool json, DateTimeOffset? asOf, bool force, CancellationToken ct)
    {
        var runner = sp.GetRequiredService<FullCycle>();
        var report = await CliOutput.WithProgressAsync("Running one cycle", p => runner.RunAsync(new FullCycleRequest(AsOf: asOf, Dispatch: true, Progress: p, Force: force), ct));
        if (json)
        {
            CliOutput.WriteJson(report);
        }
        else
        {
            Print(report);
        }

        return 0;
    }

    public static void Print(CycleReport r) => Print(r, Console.Out);

    public static void Print(CycleReport r, TextWriter o)
    {
        o.WriteLine($"Cycle at {r.At:yyyy-MM-dd HH:mm:ss}Z against {r.Provider} (definitions {r.DefinitionsVersion})");
        if (r.Pulled is { } p)
        {
            o.WriteLine($"  pulled: {p.Organisations} organisations, {p.People} people, {p.Deleted} deleted ({p.Requests} requests)");
        }

        o.WriteLine($"  evaluated: {r.EntitiesEvaluated} entities");
        var total = r.Transitions.Values.Sum(v => v.Values.Sum());
        o.WriteLine($"  transitions: {total}");
        foreach (var (key, kinds) in r.Transitions)
        {
            o.WriteLine($"    {key,-36} {string.Join(", ", kinds.Select(k => $"{k.Key} {k.Value}"))}");
        }

        o.WriteLine($"  metadata: {r.PropertiesProvisioned} properties provisioned, {r.PropertiesWritten} values written, {r.PropertiesFailed} failed ({r.PushRequests} requests)");
        o.WriteLine($"  actions: {r.ActionsQueued} queued, {r.ActionsSent} sent, {r.ActionsFailed} failed, {r.ActionsPending} waiting");
        foreach (var n in r.Notes)
        {
            o.WriteLine($"  note: {n}");
        }

        if (r.Metrics.Count > 0)
        {
            PrintMetrics(r.Metrics, o);
        }
    }

    /// <summary>The measurement table: cohorts and signals have no completion rate ("none"); signals add their ARR at risk.</summary>
    private static void PrintMetrics(IReadOnlyList<Store.DefinitionMetrics> metrics, TextWriter o)
    {
        o.WriteLine("  measurement (entered / completed / exited / active, completion rate, median days to complete):");
        foreach (var m in metrics)
        {
            var noCompletion = m.Kind is Lifecycle.Definitions.DefinitionKind.Cohort or Lifecycle.Definitions.DefinitionKind.Signal;
            var rate = noCompletion ? "none" : m.CompletionRate is { } cr ? cr.ToString("P0", CultureInfo.InvariantCulture) : "–";
            var median = m.MedianDaysToComplete is { } md ? md.ToString("0.0", CultureInfo.InvariantCulture) + "d" : "–";
            o.WriteLine($"    {m.Key,-36} {m.Entered,5} {m.Completed,5} {m.Exited,5} {m.Active,5}  {rate,5}  {median}");
        }

        o.WriteLine("  completion rate = completed ÷ (completed + exited); cohorts and signals have none");
        foreach (var m in metrics.Where(m => m.FlaggedOrganisations is not null))
        {
            var arr = m.ArrAtRisk is { } a ? a.ToString("#,0.##", CultureInfo.InvariantCulture) : "– (no arr_attribute)";
            o.WriteLine($"  signal {m.Key}: {m.FlaggedOrganisations} organisations flagged, ARR at risk {arr}");
        }
    }
}
