using Microsoft.Data.Sqlite;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Store.Tests.Sqlite;

public sealed class SqliteStoreImportTests
{
    private static List<CrmRecord> Organisations(int n) =>
        [.. Enumerable.Range(1, n).Select(i => new CrmRecord(EntityKind.Organisation, $"org-{i}", null, new Dictionary<string, AttributeValue> { ["seats"] = AttributeValue.Of((double)i) }))];

    private static List<EventRecord> Logins(DateTimeOffset at, int n) =>
        [.. Enumerable.Range(1, n).Select(i => new EventRecord(EntityKind.Organisation, $"org-{i}", "login", at, at, $"csv:login:{i}", null))];

    [Fact]
    public async Task Import_FailsAfterSomeChunksWereWritten_LeavesNothing_AndTheRerunWritesEverything()
    {
        await using var t = await TempStore.CreateAsync("import");
        var at = t.Clock.GetUtcNow();
        t.Store.ImportFaultInjector = written =>
        {
            if (written > 6000)
            {
                throw new IOException("simulated crash in the middle of the import");
            }
        };

        await Assert.ThrowsAsync<IOException>(() => t.Store.ImportAsync(Organisations(10_000), Logins(at, 10_000), null, default));

        Assert.Equal(0, Count(t, "entities"));
        Assert.Equal(0, Count(t, "attributes"));
        Assert.Equal(0, Count(t, "events"));

        t.Store.ImportFaultInjector = null;
        var written = new List<int>();
        var added = await t.Store.ImportAsync(Organisations(10_000), Logins(at, 10_000), new SyncProgress(written), default);

        Assert.Equal(10_000, added);
        Assert.Equal(10_000, Count(t, "entities"));
        Assert.Equal(10_000, Count(t, "events"));
        Assert.Equal(20_000, written[^1]);
    }

    private static long Count(TempStore t, string table)
    {
        using var c = new SqliteConnection($"Data Source={t.DbPath};Pooling=False");
        c.Open();
        using var q = c.CreateCommand();
        q.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)q.ExecuteScalar()!;
    }

    private sealed class SyncProgress(List<int> into) : IProgress<int>
    {
        public void Report(int value) => into.Add(value);
    }
}
