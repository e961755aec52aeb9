using System.CommandLine;
using Trig.Crm.Engine.Insights;
using Trig.Crm.Lifecycle.Definitions;

namespace Trig.Crm.Worker.Cli;

/// <summary>
/// <c>trig insights retention|funnel|job|signal</c>: pattern discovery and measurement over the store, read-only
/// (it runs beside a live service without blocking its cycle). Text by default, <c>--json</c> for the full report.
/// </summary>
internal static class InsightsCommand
{
    public static Command Create(string[] configArgs)
    {
        var insights = new Command("insights", "pattern discovery and measurement: retention gaps, stage funnels, job effectiveness, signal history");
        var json = new Option<bool>("--json") { Description = "print the result as JSON on stdout" };
        insights.Subcommands.Add(Retention(configArgs, json));
        insights.Subcommands.Add(Keyed(configArgs, json, "funnel", "stage", "a stage funnel: entered, completed, exited, objectives, days in stage",
            async (sp, key, ct) => await sp.GetRequiredService<FunnelAnalysis>().RunAsync(key, ct), InsightsText.Funnel));
        insights.Subcommands.Add(Keyed(configArgs, json, "job", "job", "job effectiveness: runs, completion rate, time to goal, step before each completion, actions",
            async (sp, key, ct) => await sp.GetRequiredService<JobAnalysis>().RunAsync(key, ct), InsightsText.Job));
        insights.Subcommands.Add(Keyed(configArgs, json, "signal", "signal", "a signal's daily history: members, who entered and left, ARR at risk",
            async (sp, key, ct) => await sp.GetRequiredService<SignalHistory>().ReportAsync(key, ct), InsightsText.Signal));
        return insights;
    }

    private static Command Retention(string[] configArgs, Option<bool> json)
    {
        var retention = new Command("retention", "rank behaviours and objectives by retention gap between doers and non-doers");
        var outcome = new Option<string?>("--outcome") { Description = "a condition that marks an organisation as retained, e.g. \"subscription_status = active\"" };
        var retained = new Option<string?>("--retained-cohort") { Description = "an organisation cohort whose members are the retained ones" };
        var churned = new Option<string?>("--churned-cohort") { Description = "an organisation cohort whose members are the churned ones" };
        var within = new Option<string?>("--within") { Description = "count only completions this soon after entering the audience or stage, e.g. 30d" };
        foreach (var o in new Option[] { outcome, retained, churned, within, json })
        {
            retention.Options.Add(o);
        }

        retention.SetAction(async (pr, ct) => await TrigCommandLine.Guard(configArgs, async sp =>
        {
            var request = new RetentionRequest(pr.GetValue(outcome), pr.GetValue(retained), pr.GetValue(churned), Within(pr.GetValue(within)));
            var report = await sp.GetRequiredService<RetentionAnalysis>().RunAsync(request, ct);
            Print(report, pr.GetValue(json), InsightsText.Retention);
            return 0;
        }));
        return retention;
    }

    private static TimeSpan? Within(string? text) =>
        text is null ? null : DurationParser.TryParse(text, out var span) ? span : throw new InsightsRequestException($"--within '{text}' is not a duration (use e.g. 7d, 30d, 2w)");

    private static Command Keyed<T>(string[] configArgs, Option<bool> json, string name, string what, string description,
        Func<IServiceProvider, string, CancellationToken, Task<T>> run, Action<T> text)
    {
        var command = new Command(name, description);
        var key = new Argument<string>("key") { Description = $"the {what} key" };
        command.Arguments.Add(key);
        command.Options.Add(json);
        command.SetAction(async (pr, ct) => await TrigCommandLine.Guard(configArgs, async sp =>
        {
            Print(await run(sp, pr.GetValue(key)!, ct), pr.GetValue(json), text);
            return 0;
        }));
        return command;
    }

    private static void Print<T>(T report, bool json, Action<T> text)
    {
        if (json)
        {
            CliOutput.WriteJson(report);
        }
        else
        {
            text(report);
        }
    }
}
