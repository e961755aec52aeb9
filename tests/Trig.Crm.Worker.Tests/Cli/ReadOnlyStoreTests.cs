using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Trig.Crm.Testing.Processes;

namespace Trig.Crm.Worker.Tests.Cli;

/// <summary>
/// A store opened read-only, through the real executable. The store is a copy of a synced store, opened with
/// <c>Mode=ReadOnly</c> in its connection string: the same read-only SQLite connection that a store file this process
/// may not write gets (tests may run as root, where a chmod does not stop writes, so the chmod path is not what
/// this checks). The reading commands work and leave the file byte for byte unchanged; the writing ones say so in
/// one line, with no stack trace.
/// </summary>
public sealed class ReadOnlyStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("trig-readonly-").FullName;

    public ReadOnlyStoreTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "lifecycle"));
        File.WriteAllText(Path.Combine(_dir, "lifecycle", "defs.yaml"), """
            schema:
              organisation: { name: string, seats: number }
            behaviours:
              - key: big_account
                name: Big account
                audience: [ seats >= 10 ]
            """);
        File.WriteAllText(Path.Combine(_dir, "orgs.csv"), "id,name,seats\nacme,Acme,20\nsmall,Small Co,2\n");
    }

    private string Store => Path.Combine(_dir, "trig.db");

    private string ReadOnlyCopy => Path.Combine(_dir, "readonly.db");

    private string ReadOnlyArg => $"--Trig:Store:ConnectionString=Data Source={ReadOnlyCopy};Mode=ReadOnly";

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task ReadOnlyStore_ReadingCommandsWork_WritingCommandsSayItInOneLine_AndTheFileIsUnchanged()
    {
        await CopyOfASyncedStoreAsync();
        var before = Hash();

        var explain = await TrigProcess.RunAsync(_dir, "explain", "acme", ReadOnlyArg);
        var preview = await TrigProcess.RunAsync(_dir, "preview", "big_account", ReadOnlyArg);
        var actions = await TrigProcess.RunAsync(_dir, "actions", ReadOnlyArg);
        var validate = await TrigProcess.RunAsync(_dir, "validate", ReadOnlyArg);

        Assert.True(explain.ExitCode == 0, explain.ToString());
        Assert.Contains("big_account", explain.Stdout, StringComparison.Ordinal);
        Assert.True(preview.ExitCode == 0, preview.ToString());
        Assert.True(actions.ExitCode == 0, actions.ToString());
        Assert.True(validate.ExitCode == 0, validate.ToString());

        var sync = await TrigProcess.RunAsync(_dir, "sync", "--once", ReadOnlyArg);
        var import = await TrigProcess.RunAsync(_dir, "import", "--organisations", "orgs.csv", ReadOnlyArg);
        var run = await TrigProcess.RunAsync(_dir, ["run", ReadOnlyArg, "--Trig:Http:Urls=http://127.0.0.1:0"], TimeSpan.FromMinutes(1));

        foreach (var (writer, exit) in new[] { (sync, 1), (import, 1), (run, 2) })
        {
            Assert.True(writer.ExitCode == exit, writer.ToString());
            var line = Assert.Single(writer.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("the store is read-only", line, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", writer.Stdout + writer.Stderr, StringComparison.Ordinal);
        }

        Assert.Equal(before, Hash());
    }

    [Fact]
    public async Task ReadOnlyStore_WithAnOlderSchema_IsNotMigrated_AndSaysSoInOneLine()
    {
        await CopyOfASyncedStoreAsync("DELETE FROM schema_version WHERE version = (SELECT MAX(version) FROM schema_version)");

        var before = Hash();
        var explain = await TrigProcess.RunAsync(_dir, "explain", "acme", ReadOnlyArg);

        Assert.Equal(1, explain.ExitCode);
        Assert.Contains("is read-only and its schema is version", explain.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", explain.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, Hash());
    }

    private async Task CopyOfASyncedStoreAsync(string? alterCopy = null)
    {
        Assert.Equal(0, (await TrigProcess.RunAsync(_dir, "import", "--organisations", "orgs.csv")).ExitCode);
        var sync = await TrigProcess.RunAsync(_dir, "sync", "--once");
        Assert.True(sync.ExitCode == 0, sync.ToString());
        SqliteConnection.ClearAllPools();
        using (var c = new SqliteConnection($"Data Source={Store};Pooling=False"))
        {
            c.Open();
            using var q = c.CreateCommand();
            q.CommandText = $"VACUUM INTO '{ReadOnlyCopy}'";
            q.ExecuteNonQuery();
        }

        if (alterCopy is not null)
        {
            using var c = new SqliteConnection($"Data Source={ReadOnlyCopy};Pooling=False");
            c.Open();
            using var q = c.CreateCommand();
            q.CommandText = alterCopy;
            q.ExecuteNonQuery();
        }

        if (!OperatingSystem.IsWindows())
        {
            // Read-only on disk too (a no-op for root): nothing below may need to write it.
            File.SetUnixFileMode(ReadOnlyCopy, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }

    private string Hash() => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(ReadOnlyCopy)));
}
