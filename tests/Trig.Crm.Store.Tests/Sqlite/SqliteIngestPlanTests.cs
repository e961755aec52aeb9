using Microsoft.Data.Sqlite;
using Trig.Crm.Store.Sqlite;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Store.Tests.Sqlite;

/// <summary>
/// The re-check of pending ingest messages runs after every pull, so its cost must follow what is pending, not the
/// size of the store: SQLite's plan may scan the pending messages, never the entities, identities or attributes.
/// </summary>
public sealed class SqliteIngestPlanTests
{
    [Fact]
    public async Task ResolvingPendingMessages_LooksUpTheStoreByKeyFromEachPendingMessage()
    {
        using var t = await TempStore.CreateAsync();
        await using var c = new SqliteConnection(t.ConnectionString);
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "EXPLAIN QUERY PLAN " + SqliteStore.ResolvableSql;
        foreach (var (name, value) in new (string, object)[] { ("$after", 0L), ("$personKey", "email"), ("$orgKey", "domain"), ("$keyPath", "$.\"email\"[1]"), ("$emailPath", "$.email[1]") })
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        var steps = new List<string>();
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
            {
                steps.Add(r.GetString(3));
            }
        }

        Assert.Contains(steps, s => s.StartsWith("SCAN p", StringComparison.Ordinal));
        foreach (var table in new[] { "e", "i", "a" })
        {
            Assert.DoesNotContain(steps, s => s.StartsWith($"SCAN {table} ", StringComparison.Ordinal) || s == $"SCAN {table}");
            Assert.Contains(steps, s => s.StartsWith($"SEARCH {table} ", StringComparison.Ordinal) && s.Contains('='));
        }

        // Every lookup uses the whole key: kind and id (or name and value), not the kind alone.
        Assert.DoesNotContain(steps, s => s.EndsWith("(kind=?)", StringComparison.Ordinal) || s.EndsWith("(kind=? AND name=?)", StringComparison.Ordinal));
    }
}
