using System.Globalization;
using Trig.Crm.Engine.Insights;

namespace Trig.Crm.Worker.Cli;

/// <summary>The text form of the insights reports (invariant culture: the same output on every machine).</summary>
internal static class InsightsText
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static void Line(FormattableString s) => Console.Out.WriteLine(s.ToString(Inv));

    private static string Pct(double? v) => v is { } x ? (x * 100).ToString("0.0", Inv) + "%" : "-";

    private static string Days(double? v) => v is { } x ? x.ToString("0.0", Inv) + "d" : "-";

    private static string Signed(double? v) => v is { } x ? x.ToString("+0.0;-0.0;0.0", Inv) : "-";

    public static void Retention(RetentionReport r)
    {
        Line($"Retention gap ({r.Outcome}){(r.WithinDays is { } w ? $", completions within {w:0.##}d" : "")}");
        Line($"organisations with a known outcome: {r.Organisations} (retained {r.Retained}, {Pct(r.Organisations == 0 ? null : (double)r.Retained / r.Organisations)}); unknown: {r.Unknown}");
        if (r.Ranked.Count == 0)
        {
            Line($"nothing ranked: no behaviour or objective has {r.MinGroupSize}+ doers and {r.MinGroupSize}+ non-doers");
        }
        else
        {
            Line($"{"#",3}  {"behaviour / objective",-40} {"doers",6} {"retained",9} {"non-doers",10} {"retained",9} {"gap (pts)",10}  95% CI");
            var i = 0;
            foreach (var it in r.Ranked)
            {
                var name = it.Stage is { } s ? $"{it.Key} ({s})" : it.Key;
                Line($"{++i,3}  {name,-40} {it.Doers,6} {Pct(it.DoerRetention),9} {it.NonDoers,10} {Pct(it.NonDoerRetention),9} {Signed(it.GapPoints),10}  [{Signed(it.GapLowPoints)}, {Signed(it.GapHighPoints)}]");
            }
        }

        if (r.NotEnoughData.Count > 0)
        {
            Line($"not enough data (fewer than {r.MinGroupSize} doers or non-doers): {string.Join(", ", r.NotEnoughData.Select(n => $"{n.Key} ({n.Doers}/{n.NonDoers})"))}");
        }
    }

    public static void Funnel(FunnelReport r)
    {
        Line($"Stage {r.Stage} ({r.Name}): entered {r.Entered}, completed {r.Completed}, exited {r.Exited}, in stage {r.Active}; completion rate {Pct(r.CompletionRate)}");
        Line($"days to complete: median {Days(r.DaysToComplete.Median)}, mean {Days(r.DaysToComplete.Mean)} over {r.DaysToComplete.Count}");
        Line($"  {"objective",-32} {"entered",8} {"completed",10} {"exited",7} {"rate",7} {"median",8} {"mean",8}");
        foreach (var o in r.Objectives)
        {
            Line($"  {o.Key,-32} {o.Entered,8} {o.Completed,10} {o.Exited,7} {Pct(o.CompletionRate),7} {Days(o.DaysFromStageEntry.Median),8} {Days(o.DaysFromStageEntry.Mean),8}");
        }

        Line($"days in stage: {string.Join(", ", r.DaysInStage.Select(b => $"{b.Label} {b.Total}"))}");
    }

    public static void Job(JobReport r)
    {
        Line($"Job {r.Job} ({r.Name}): entered {r.Entered} runs, completed {r.Completed}, exited {r.Exited}, active {r.Active}; completion rate {Pct(r.CompletionRate)}");
        Line($"time to goal: median {Days(r.DaysToGoal.Median)}, mean {Days(r.DaysToGoal.Mean)} over {r.DaysToGoal.Count} completions");
        Line($"completed after: {(r.CompletedAfter.Count == 0 ? "-" : string.Join(", ", r.CompletedAfter.Select(s => $"{s.Label} {s.Completions}")))}");
        var a = r.Actions;
        Line($"actions: sent {a.Sent}, failed {a.Failed}, waiting {a.Waiting}, queued {a.Queued}, done {a.Done}, skipped {a.Skipped}");
    }

    public static void Signal(SignalHistoryReport r)
    {
        Line($"Signal {r.Signal} ({r.Name}): {r.Members} members now, ARR at risk {(r.ArrAtRisk is { } arr ? arr.ToString("N0", Inv) : "-")}; live since {(r.LiveSince is { } l ? l.ToString("yyyy-MM-dd", Inv) : "-")}");
        Line($"  {"day",-10} {"members",8} {"entered",8} {"left",5} {"ARR at risk",12}");
        foreach (var d in r.Days.Where(d => d.Entered.Count + d.Left.Count > 0 || d.ArrAtRisk is not null || ReferenceEquals(d, r.Days[^1])))
        {
            Line($"  {d.Day:yyyy-MM-dd} {d.Members,8} {d.Entered.Count,8} {d.Left.Count,5} {(d.ArrAtRisk is { } x ? x.ToString("N0", Inv) : "-"),12}");
        }
    }
}
