using Trig.Crm.Engine.Definitions;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Store;
using Trig.Crm.Store.Insights;

namespace Trig.Crm.Engine.Insights;

/// <summary>
/// Signal history: the daily snapshot (members and ARR at risk, which cannot be rebuilt later because ARR changes),
/// and the report that joins the snapshots to the membership changes recorded by the transitions.
/// </summary>
internal sealed class SignalHistory(ITrigStore store, DefinitionCatalog catalog, TimeProvider time)
{
    /// <summary>Snapshots every signal for today (UTC). Safe to run again the same day: the later snapshot replaces the earlier.</summary>
    public async Task<int> SnapshotAsync(CancellationToken ct)
    {
        var set = InsightsDefinitions.Require(catalog);
        var signals = set.All.Where(d => d.Kind == DefinitionKind.Signal).ToList();
        if (signals.Count == 0)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        var dayStart = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var metrics = (await store.MetricsAsync(set, ct)).ToDictionary(m => m.Key, StringComparer.Ordinal);
        foreach (var s in signals)
        {
            var m = metrics.GetValueOrDefault(s.Key);
            var (entered, left) = Changes(await store.TransitionRowsBetweenAsync(s.Key, dayStart, dayStart.AddDays(1), ct));
            await store.UpsertSignalSnapshotAsync(new SignalSnapshot(s.Key, day, m?.Active ?? 0, m?.ArrAtRisk, entered, left, now), ct);
        }

        return signals.Count;
    }

    public async Task<SignalHistoryReport> ReportAsync(string key, CancellationToken ct)
    {
        var set = InsightsDefinitions.Require(catalog);
        var signal = InsightsDefinitions.Find(set, key, DefinitionKind.Signal);
        var runtime = await store.LoadDefinitionRuntimeAsync(ct);
        var live = runtime.TryGetValue(key, out var r) ? r.LiveAt : (DateTimeOffset?)null;
        var rows = await store.TransitionRowsAsync([key], ct);
        var snapshots = (await store.SignalSnapshotsAsync(key, ct)).ToDictionary(s => s.Day);
        var metrics = (await store.MetricsAsync(set, ct)).FirstOrDefault(m => m.Key == key);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var first = new[] { live is { } l ? DateOnly.FromDateTime(l.UtcDateTime) : today, rows.Count > 0 ? DateOnly.FromDateTime(rows[0].At.UtcDateTime) : today }
            .Concat(snapshots.Keys).Min();
        var byDay = rows.GroupBy(t => DateOnly.FromDateTime(t.At.UtcDateTime)).ToDictionary(g => g.Key, g => g.ToList());
        var days = new List<SignalDay>();
        var members = 0;
        for (var d = first; d <= today; d = d.AddDays(1))
        {
            var (entered, left) = Changes(byDay.GetValueOrDefault(d) ?? []);
            members += entered.Count - left.Count;
            var snap = snapshots.GetValueOrDefault(d);
            days.Add(new SignalDay(d, members, entered, left, snap?.Members, snap?.ArrAtRisk));
        }

        return new SignalHistoryReport(key, signal.Name, live, metrics?.Active ?? 0, metrics?.ArrAtRisk, days);
    }

    private static (List<string> Entered, List<string> Left) Changes(IEnumerable<TransitionRow> rows)
    {
        List<string> entered = [], left = [];
        foreach (var t in rows)
        {
            (t.Kind == TransitionKind.Entered ? entered : left).Add(t.EntityId);
        }

        return (entered, left);
    }
}
