using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Trig.Crm.Engine.Cycle;
using Trig.Crm.Engine.Demo;
using Trig.Crm.Store;
using Trig.Crm.Testing;
using Trig.Crm.Worker.Hosting;

namespace Trig.Crm.Worker.Tests.Cli;

/// <summary>
/// Cycles that skip settled units (the default) give exactly what cycles evaluating every unit give: the demo's 30
/// days of data replayed every 8 hours through the sample lifecycle, on two stores side by side, one with
/// <c>Trig:Cluster:SkipSettled=false</c>. Every transition (with its time and reason), every membership and every
/// value written to the local CRM must be the same, while the skipping store evaluates far fewer entities.
/// </summary>
public sealed class SyncSettledTests : IDisposable
{
    private const int Organisations = 60;
    private static readonly DateTimeOffset Anchor = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("trig-settled-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private IHost Host(string name, bool skip, TimeProvider time) => TrigHost.BuildCli(
        [
            $"--Trig:Store:ConnectionString=Data Source={Path.Combine(_dir, name + ".db")}",
            $"--Trig:Definitions:Path={RepoPaths.SampleLifecycle}",
            "--Trig:Crm:Provider=local",
            $"--Trig:Cluster:SkipSettled={skip}",
            "--Trig:Cluster:ShardSize=16",
        ],
        b => b.Services.AddSingleton(time));

    [Fact]
    public async Task SkippingSettledUnits_GivesTheSameTransitionsMembershipsAndCrmValues()
    {
        var timeline = DemoDataGenerator.Generate(Organisations, Anchor, seed: 11);
        var time = new FakeTimeProvider(timeline.End + TimeSpan.FromHours(1));
        using var skipping = Host("skipping", skip: true, time);
        using var every = Host("every", skip: false, time);
        var stores = new[] { skipping, every }.Select(h => h.Services.GetRequiredService<ITrigStore>()).ToArray();
        foreach (var s in stores)
        {
            await s.MigrateAsync(default);
            await s.UpsertAsync(timeline.Records, default);
        }

        var evaluated = new long[2];
        int ci = 0, ei = 0;
        var steps = new List<DateTimeOffset>();
        for (var at = timeline.Start + TimeSpan.FromHours(8); at <= timeline.End; at += TimeSpan.FromHours(8))
        {
            steps.Add(at);
        }

        // Then three hourly cycles with no new data: the steady state.
        steps.AddRange(Enumerable.Range(1, 3).Select(h => timeline.End + TimeSpan.FromHours(h)));
        var steadyEvaluated = new long[2];
        foreach (var at in steps)
        {
            var changes = new List<Lifecycle.Evaluation.AttributeChange>();
            while (ci < timeline.Changes.Count && timeline.Changes[ci].At <= at)
            {
                changes.Add(timeline.Changes[ci++].Change);
            }

            var events = new List<EventRecord>();
            while (ei < timeline.Events.Count && timeline.Events[ei].OccurredAt <= at)
            {
                events.Add(timeline.Events[ei++]);
            }

            var reports = new CycleReport[2];
            for (var i = 0; i < 2; i++)
            {
                await stores[i].SetAttributesAsync(changes, default);
                await stores[i].AppendEventsAsync(events, default);
                var host = i == 0 ? skipping : every;
                reports[i] = await host.Services.GetRequiredService<FullCycle>().RunAsync(new FullCycleRequest(AsOf: at, Pull: false, Metrics: false), default);
                evaluated[i] += reports[i].EntitiesEvaluated;
                steadyEvaluated[i] += at > timeline.End + TimeSpan.FromHours(1) ? reports[i].EntitiesEvaluated : 0;
            }

            Assert.Equal(Describe(reports[1]), Describe(reports[0]));
        }

        SqliteConnection.ClearAllPools();
        foreach (var table in new[] { "transitions", "memberships", "crm_properties", "outbox" })
        {
            Assert.Equal(Rows(Path.Combine(_dir, "every.db"), table), Rows(Path.Combine(_dir, "skipping.db"), table));
        }

        Assert.NotEmpty(Rows(Path.Combine(_dir, "every.db"), "transitions"));
        // The point of it: the demo's data changes every day for most organisations, so while it is replayed some
        // are skipped; once nothing changes (the last two hourly cycles) almost all of them are.
        Assert.True(evaluated[0] < evaluated[1], $"evaluated {evaluated[0]} entities skipping, {evaluated[1]} not");
        Assert.True(steadyEvaluated[0] * 10 < steadyEvaluated[1], $"steady state: evaluated {steadyEvaluated[0]} entities skipping, {steadyEvaluated[1]} not");
    }

    private static string Describe(CycleReport r) =>
        string.Join("; ", r.Transitions.SelectMany(d => d.Value.Select(k => $"{d.Key} {k.Key} {k.Value}"))) + $" | queued {r.ActionsQueued} written {r.PropertiesWritten}";

    /// <summary>A table's rows as text, in a fixed order, leaving out columns that hold row ids or wall-clock times.</summary>
    private static List<string> Rows(string db, string table)
    {
        var columns = table switch
        {
            "transitions" => "kind, entity_id, definition_key, transition, at, version, reason, run, step",
            "memberships" => "*",
            "crm_properties" => "kind, entity_id, name, value",
            _ => "idempotency_key, action_kind, payload, status",
        };
        using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var q = c.CreateCommand();
        q.CommandText = $"SELECT {columns} FROM {table}";
        using var r = q.ExecuteReader();
        var rows = new List<string>();
        while (r.Read())
        {
            rows.Add(string.Join("|", Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "∅" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
