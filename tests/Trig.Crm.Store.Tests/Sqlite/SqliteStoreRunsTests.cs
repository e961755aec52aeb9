using Trig.Crm.Store.Health;
using Trig.Crm.Store.Runs;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Store.Tests.Sqlite;

/// <summary>The run history, definition freshness, the oldest due action, and SQLITE_FULL recognised as "disk full".</summary>
public sealed class SqliteStoreRunsTests
{
    private static CycleRun Run(DateTimeOffset at, string outcome, string? error = null, int entities = 0) =>
        new(0, "full", at, TimeSpan.FromMilliseconds(1234), outcome, error, entities, 2, 3, 4);

    [Fact]
    public async Task RecordRun_NewestFirst_OnlyCompletedRunsMarkDefinitionsEvaluated()
    {
        await using var t = await TempStore.CreateAsync();
        var t0 = t.Clock.GetUtcNow();
        await t.Store.RecordRunAsync(Run(t0, CycleRun.Ok, entities: 5), ["a", "b"], default);
        await t.Store.RecordRunAsync(Run(t0.AddMinutes(15), CycleRun.Failed, "CRM unreachable"), ["a", "b"], default);
        await t.Store.RecordRunAsync(Run(t0.AddMinutes(30), CycleRun.Ok), ["a"], default);

        var runs = await t.Reopen().RecentRunsAsync(10, default);
        Assert.Equal([t0.AddMinutes(30), t0.AddMinutes(15), t0], runs.Select(r => r.StartedAt));
        Assert.Equal((CycleRun.Failed, "CRM unreachable"), (runs[1].Outcome, runs[1].Error));
        Assert.Equal((5, 2, 3, 4, TimeSpan.FromMilliseconds(1234)), (runs[2].EntitiesEvaluated, runs[2].Transitions, runs[2].ActionsQueued, runs[2].PropertiesWritten, runs[2].Duration));
        Assert.Single(await t.Store.RecentRunsAsync(1, default));

        var fresh = await t.Store.FreshnessAsync(default);
        Assert.Equal(t0.AddMinutes(30), fresh["a"]);
        Assert.Equal(t0, fresh["b"]); // the failed run did not count
    }

    [Fact]
    public async Task OldestDueAction_IsTheEarliestPendingRowDueNow_NoneWhenNothingIsDue()
    {
        await using var t = await OutboxSeed.WithCommittedActionsAsync("""
            behaviours:
              - key: everyone
                on_entry: [ { slack: { channel: "C1", text: "hi" } } ]
            """);
        var now = t.Clock.GetUtcNow();

        Assert.Equal(now, await t.Store.OldestDueActionAsync(now.AddMinutes(20), default));
        Assert.Null(await t.Store.OldestDueActionAsync(now.AddMinutes(-1), default));
    }

    [Fact]
    public async Task MaxPageCountReached_IsRecognisedAsOutOfSpace()
    {
        await using var t = await TempStore.CreateAsync();
        await using var c = await t.Store.OpenAsync(default);
        using (var limit = c.CreateCommand())
        {
            // Cannot go below the current size: the file may not grow any more.
            limit.CommandText = "PRAGMA max_page_count = 1";
            await limit.ExecuteScalarAsync();
        }

        using var q = c.CreateCommand();
        q.CommandText = "CREATE TABLE filler (x BLOB); INSERT INTO filler VALUES (zeroblob(100000));";

        var ex = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => q.ExecuteNonQueryAsync());
        Assert.True(StoreFaults.IsOutOfSpace(new InvalidOperationException("wrapped", ex)));
        Assert.False(StoreFaults.IsOutOfSpace(new InvalidOperationException("a bug")));
        var state = new StoreWriteState();
        Assert.True(state.RecordIfOutOfSpace(ex, t.Clock.GetUtcNow()));
        Assert.NotNull(state.Failure);
        state.RecordSuccess();
        Assert.Null(state.Failure);
    }
}
