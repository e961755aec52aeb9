using Trig.Crm.Engine.Definitions;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store;
using Trig.Crm.Store.Insights;

namespace Trig.Crm.Engine.Insights;

/// <summary>Job effectiveness, from the job's transitions (per run) and its outbox rows.</summary>
internal sealed class JobAnalysis(ITrigStore store, DefinitionCatalog catalog)
{
    public async Task<JobReport> RunAsync(string jobKey, CancellationToken ct)
    {
        var set = InsightsDefinitions.Require(catalog);
        var job = InsightsDefinitions.Find(set, jobKey, DefinitionKind.Job);
        var rows = await store.TransitionRowsAsync([job.Key], ct);
        var outbox = await store.CountByStatusAsync(job.Key, ct);
        return Compute(job, rows, outbox);
    }

    private sealed class Run
    {
        public DateTimeOffset? Entered { get; set; }

        public DateTimeOffset? Completed { get; set; }

        public bool Exited { get; set; }

        public List<(int Step, DateTimeOffset At)> FollowUps { get; } = [];
    }

    internal static JobReport Compute(Definition job, IReadOnlyList<TransitionRow> rows, IReadOnlyDictionary<string, int> outbox)
    {
        var runs = new Dictionary<(EntityKind, string, int), Run>();
        foreach (var t in rows)
        {
            var key = (t.EntityKind, t.EntityId, t.Run);
            if (!runs.TryGetValue(key, out var run))
            {
                runs[key] = run = new Run();
            }

            switch (t.Kind)
            {
                case TransitionKind.Entered: run.Entered = t.At; break;
                case TransitionKind.Completed: run.Completed = t.At; break;
                case TransitionKind.Exited: run.Exited = true; break;
                default: run.FollowUps.Add((t.Step, t.At)); break;
            }
        }

        var started = runs.Values.Where(r => r.Entered is not null).ToList();
        var completed = started.Where(r => r.Completed is not null).ToList();
        var exited = started.Count(r => r.Exited && r.Completed is null);
        var after = completed
            .Select(r => r.FollowUps.Where(f => f.At <= r.Completed).Select(f => f.Step + 1).DefaultIfEmpty(0).Max())
            .GroupBy(s => s).OrderBy(g => g.Key)
            .Select(g => new JobStepCompletions(g.Key, Label(job, g.Key), g.Count())).ToList();
        int Count(string status) => outbox.GetValueOrDefault(status);
        var actions = new JobActions(Count("sent"), Count("dead"), Count("waiting"), Count("pending") + Count("in_flight") + Count("retry"), Count("done"), Count("skipped"));
        return new JobReport(job.Key, job.Name, started.Count, completed.Count, exited, started.Count - completed.Count - exited,
            FunnelAnalysis.Rate(completed.Count, exited), DaysSummary.Of(completed.Select(r => (r.Completed!.Value - r.Entered!.Value).TotalDays)), after, actions);
    }

    private static string Label(Definition job, int step) =>
        step == 0 ? "on entry" : step <= job.FollowUps.Length ? $"follow-up {step} (after {job.FollowUps[step - 1].After.TotalDays:0.##}d)" : $"follow-up {step}";
}
