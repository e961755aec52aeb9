using System.Globalization;
using Trig.Crm.Store.Cluster;

namespace Trig.Crm.Worker.Cli;

/// <summary>
/// How <c>trig cluster status</c> prints a <see cref="ClusterStatus"/>: aligned text, or the JSON shape documented in
/// docs/postgres.md (field names are part of that contract: add fields, do not rename them).
/// </summary>
internal static class ClusterStatusText
{
    public static IEnumerable<string> Lines(ClusterStatus s, TimeSpan threshold)
    {
        if (s.SchedulerInMemory)
        {
            yield return "nodes: one process (SQLite: Quartz in memory)";
        }
        else if (s.Nodes.Count == 0)
        {
            yield return "nodes: none checked in (no trig run is up, or none has started its scheduler yet)";
        }
        else
        {
            var overdue = s.Nodes.Count(n => n.Overdue);
            yield return $"nodes: {s.Nodes.Count}, {overdue} overdue (no check-in for its interval + {Seconds(threshold)})";
            foreach (var line in Table(
                         ["instance", "last check-in", "interval", "overdue"], [false, false, true, false],
                         s.Nodes.Select(n => new[] { n.Instance, Time(n.LastCheckin), Seconds(n.CheckinInterval), n.Overdue ? "OVERDUE" : "no" })))
            {
                yield return line;
            }
        }

        yield return "";
        foreach (var line in Open(s.Open))
        {
            yield return line;
        }

        yield return "";
        if (s.Recent.Count == 0)
        {
            yield return "closed cycles: none";
            yield break;
        }

        yield return "closed cycles, newest first:";
        foreach (var line in Table(
                     ["cycle", "as of", "opened by", "closed at", "kind", "shards", "entities", "actions"], [true, false, false, false, false, true, true, true],
                     s.Recent.Select(c => new[] { Num(c.Id), Time(c.AsOf), c.OpenedBy, Time(c.ClosedAt), Kind(c.OnlyDue), Num(c.Shards), Num(c.Entities), Num(c.Actions) })))
        {
            yield return line;
        }
    }

    private static IEnumerable<string> Open(OpenCycleStatus? o)
    {
        if (o is null)
        {
            yield return "open cycle: none";
            yield break;
        }

        yield return $"open cycle {Num(o.Id)}: as of {Time(o.AsOf)}, definitions {o.DefinitionsVersion}, {Kind(o.OnlyDue)}, opened by {o.OpenedBy} at {Time(o.OpenedAt)}";
        yield return $"  shards: {Num(o.Shards)} total, {Num(o.Done)} done, {Num(o.Claimed)} claimed (lease live), {Num(o.Unclaimed)} never claimed or lease lapsed";
        foreach (var line in Table(
                     ["owner", "done", "claimed", "entities"], [false, true, true, true],
                     o.Owners.Select(w => new[] { w.Owner, Num(w.Done), Num(w.Claimed), Num(w.Entities) })))
        {
            yield return line;
        }
    }

    /// <summary>The <c>--json</c> shape.</summary>
    public static object Json(ClusterStatus s, DateTimeOffset now, TimeSpan threshold) => new
    {
        now,
        scheduler = s.SchedulerInMemory ? "in_memory" : "clustered",
        checkinMisfireThresholdSeconds = (long)threshold.TotalSeconds,
        nodes = s.Nodes.Select(n => new { instance = n.Instance, lastCheckin = n.LastCheckin, checkinIntervalSeconds = n.CheckinInterval.TotalSeconds, overdue = n.Overdue }),
        openCycle = s.Open is not { } o ? null : new
        {
            id = o.Id, asOf = o.AsOf, definitionsVersion = o.DefinitionsVersion, openedBy = o.OpenedBy, openedAt = o.OpenedAt, onlyDue = o.OnlyDue,
            shards = new { total = o.Shards, done = o.Done, claimed = o.Claimed, unclaimed = o.Unclaimed },
            owners = o.Owners.Select(w => new { owner = w.Owner, done = w.Done, claimed = w.Claimed, entities = w.Entities }),
        },
        recentCycles = s.Recent.Select(c => new
        {
            id = c.Id, asOf = c.AsOf, openedBy = c.OpenedBy, openedAt = c.OpenedAt, closedAt = c.ClosedAt, onlyDue = c.OnlyDue,
            shards = c.Shards, entities = c.Entities, actions = c.Actions,
        }),
    };

    /// <summary>Rows under a header, each column as wide as its widest cell, two spaces indented.</summary>
    private static IEnumerable<string> Table(string[] header, bool[] right, IEnumerable<string[]> rows)
    {
        var all = rows.Prepend(header).ToList();
        var widths = header.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        return all.Select(r => ("  " + string.Join("  ", r.Select((cell, i) => right[i] ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i])))).TrimEnd());
    }

    private static string Kind(bool onlyDue) => onlyDue ? "only due" : "full";

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";

    private static string Num(long n) => n.ToString(CultureInfo.InvariantCulture);
}
