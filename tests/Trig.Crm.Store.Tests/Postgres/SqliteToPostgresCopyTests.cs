using Microsoft.Data.Sqlite;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store.Authoring;
using Trig.Crm.Store.Insights;
using Trig.Crm.Store.Postgres;
using Trig.Crm.Store.Runs;
using Trig.Crm.Store.Tests.Contract;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Store.Tests.Postgres;

[Collection(PostgresCollection.Name)]
[RequiresPostgres]
public sealed class SqliteToPostgresCopyTests(SharedPostgres postgres)
{
    [StoreFact]
    public async Task Copy_EveryTableMatches_IdsContinueAfterTheCopiedOnes_AndUnitsReadTheSame()
    {
        await using var sqlite = await OutboxSeed.WithCommittedActionsAsync(await TempStore.CreateAsync(), """
            behaviours:
              - key: everyone
                on_entry: [ { slack: { channel: "C1", text: "hi" } } ]
            """);
        await sqlite.Store.AppendEventsAsync([new EventRecord(EntityKind.Person, "p1", "login", sqlite.Clock.GetUtcNow(), sqlite.Clock.GetUtcNow(), "m1", "{\"n\":1.5}")], default);
        await using var target = await PostgresTempStore.CreateEmptyAsync(await postgres.ServerAsync());
        var progress = new List<string>();

        var reports = await SqliteToPostgresCopy.CopyAsync(((TempStore)sqlite).ConnectionString, target.ConnectionString, new Progress(progress), default);

        Assert.All(reports, r => Assert.True(r.Matches, r.ToString()));
        Assert.Equal(PostgresStore.DataTables, reports.Select(r => r.Table));
        Assert.Equal(1, reports.Single(r => r.Table == "outbox").TargetRows);
        Assert.Contains("events: 1 rows copied", progress);
        // The copied tables carry planner statistics at once, not when autovacuum comes round.
        await using (var c = new Npgsql.NpgsqlConnection(target.ConnectionString))
        {
            await c.OpenAsync();
            await using var q = new Npgsql.NpgsqlCommand("SELECT count(*) FROM pg_stat_user_tables WHERE relname IN ('entities', 'events', 'transitions') AND last_analyze IS NOT NULL", c);
            Assert.Equal(3L, await q.ExecuteScalarAsync());
        }

        var before = await target.Store.ClaimDueAsync(10, sqlite.Clock.GetUtcNow(), TimeSpan.FromMinutes(1), default);
        Assert.Single(before);
        await target.Store.AppendEventsAsync([new EventRecord(EntityKind.Person, "p1", "login", sqlite.Clock.GetUtcNow(), sqlite.Clock.GetUtcNow(), "m2")], default);
        var units = await target.Store.LoadUnitsAsync(null, null, default);
        Assert.Equal(2, units.SelectMany(u => u.Entities).Single(e => e.Id == "p1").Events.CountBetween("login", sqlite.Clock.GetUtcNow().AddDays(-1), sqlite.Clock.GetUtcNow().AddDays(1)));
    }

    [StoreFact]
    public async Task Copy_SourceColumnTheTargetLacks_RefusesBeforeWritingAnything()
    {
        await using var sqlite = await TempStore.CreateAsync();
        await sqlite.Store.UpsertAsync([new CrmRecord(EntityKind.Organisation, "o1", null, new Dictionary<string, AttributeValue>())], default);
        await using (var c = new SqliteConnection(sqlite.ConnectionString))
        {
            await c.OpenAsync();
            using var alter = c.CreateCommand();
            alter.CommandText = "ALTER TABLE events ADD COLUMN extra TEXT";
            await alter.ExecuteNonQueryAsync();
        }

        await using var target = await PostgresTempStore.CreateEmptyAsync(await postgres.ServerAsync());

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => SqliteToPostgresCopy.CopyAsync(sqlite.ConnectionString, target.ConnectionString, null, default));

        Assert.Contains("only in SQLite: extra", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, await target.Store.CountAsync(EntityKind.Organisation, default));
    }

    [StoreFact]
    public async Task Copy_RunsAuthoredSetsAndSnapshots_ReadTheSame_AndRunIdsContinue()
    {
        await using var sqlite = await TempStore.CreateAsync();
        var at = sqlite.Clock.GetUtcNow();
        var runId = await sqlite.Store.RecordRunAsync(new CycleRun(0, "full", at, TimeSpan.FromSeconds(2), CycleRun.Ok, null, 3, 2, 1, 0), ["everyone"], default);
        await sqlite.Store.PublishAsync(new AuthoredChange("api-key", at, "definitions.apply", "first", [new AuthoredEdit("a", "cohorts", "A1", "+ A1")]), 0, default);
        await sqlite.Store.UpsertSignalSnapshotAsync(new SignalSnapshot("risk", DateOnly.FromDateTime(at.UtcDateTime), 2, 1200.5, ["o1", "o2"], ["o3"], at), default);
        await using var target = await PostgresTempStore.CreateEmptyAsync(await postgres.ServerAsync());

        var reports = await SqliteToPostgresCopy.CopyAsync(sqlite.ConnectionString, target.ConnectionString, null, default);

        Assert.All(reports, r => Assert.True(r.Matches, r.ToString()));
        Assert.Equal(at, (await target.Store.FreshnessAsync(default))["everyone"]);
        var set = await target.Store.LoadAuthoredAsync(default);
        Assert.Equal((1L, "A1", "api-key"), (set.Version, Assert.Single(set.Entries).Text, set.Entries[0].Actor));
        var snapshot = Assert.Single(await target.Store.SignalSnapshotsAsync("risk", default));
        Assert.Equal((2, (double?)1200.5, "o3"), (snapshot.Members, snapshot.ArrAtRisk, Assert.Single(snapshot.Left)));
        var next = await target.Store.RecordRunAsync(new CycleRun(0, "full", at.AddMinutes(15), TimeSpan.FromSeconds(1), CycleRun.Ok, null, 0, 0, 0, 0), [], default);
        Assert.True(next > runId);
        Assert.Equal([next, runId], (await target.Store.RecentRunsAsync(5, default)).Select(r => r.Id));
    }

    private sealed class Progress(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}
