using Microsoft.Data.Sqlite;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store.Postgres;
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

    private sealed class Progress(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}
