using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Trig.Crm.Testing.Processes;

namespace Trig.Crm.Worker.Tests.Cli;

/// <summary>
/// <c>trig import</c> through the real executable is all or nothing: across the files of one command, and across a
/// SIGKILL in the middle of writing a large file (one transaction).
/// </summary>
public sealed class ImportAllOrNothingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("trig-import-").FullName;

    public ImportAllOrNothingTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "lifecycle"));
        File.WriteAllText(Path.Combine(_dir, "lifecycle", "defs.yaml"), """
            schema:
              organisation: { name: string, seats: number }
              person: { logins: number }
            cohorts:
              - key: big
                entity: organisation
                criteria: [ seats >= 10 ]
            """);
    }

    private string DbPath => Path.Combine(_dir, "trig.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // a killed child may still be closing files; the temp dir is left behind then
        }
    }

    [Fact]
    public async Task Import_GoodOrganisationsAndBadPeople_ImportsNothing_UnlessSkipBad()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "good.csv"), "id,name,seats\nacme,Acme,20\nbeta,Beta,3\n");
        await File.WriteAllTextAsync(Path.Combine(_dir, "bad.csv"), "id,organisation_id,logins\nann,acme,4\nbob,acme,many\n");

        var strict = await TrigProcess.RunAsync(_dir, "import", "--organisations", "good.csv", "--people", "bad.csv");

        Assert.Equal(1, strict.ExitCode);
        Assert.Contains("bad.csv:3:3: 'logins' is declared number, but the value is 'many'", strict.Stderr, StringComparison.Ordinal);
        Assert.Contains("good.csv: nothing imported", strict.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, Count("entities"));

        var lenient = await TrigProcess.RunAsync(_dir, "import", "--organisations", "good.csv", "--people", "bad.csv", "--skip-bad");

        Assert.Equal(0, lenient.ExitCode);
        Assert.Equal(3, Count("entities"));
    }

    [Fact]
    public async Task Import_KilledWhileWritingALargeFile_LeavesNothing_AndTheRerunImportsEveryRow()
    {
        const int rows = 200_000;
        var csv = new StringBuilder("id,name,seats\n");
        for (var i = 0; i < rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"org-{i:D6},Org {i},{i % 50}\n");
        }

        await File.WriteAllTextAsync(Path.Combine(_dir, "large.csv"), csv.ToString());

        using (var import = TrigProcess.Start(_dir, ["import", "--organisations", "large.csv"]))
        {
            // 75%: checking is done (0–50%) and half of the rows are written in the open transaction.
            var watch = new StallWatch(TimeSpan.FromMinutes(2)); // a child process's progress lines
            while (!import.Output.Contains("  75%", StringComparison.Ordinal))
            {
                Assert.False(import.HasExited, "the import ended before it could be killed mid-write:\n" + import.Output);
                Assert.True(watch.Moving(import.Output), "no progress from the import:\n" + import.Output);
                await Task.Delay(5);
            }

            import.Kill();
            Assert.DoesNotContain("imported", import.Output, StringComparison.Ordinal);
        }

        Assert.Equal(0, Count("entities"));
        Assert.Equal(0, Count("attributes"));

        var rerun = await TrigProcess.RunAsync(_dir, "import", "--organisations", "large.csv");

        Assert.Equal(0, rerun.ExitCode);
        Assert.Contains($"large.csv: imported {rows} of {rows} rows", rerun.Stdout, StringComparison.Ordinal);
        Assert.Equal(rows, Count("entities"));
    }

    private long Count(string table)
    {
        if (!File.Exists(DbPath))
        {
            return 0;
        }

        using var c = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        c.Open();
        using var q = c.CreateCommand();
        q.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)q.ExecuteScalar()!;
    }
}
