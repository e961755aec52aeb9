using System.Text.Json;
using Microsoft.Data.Sqlite;
using Trig.Crm.Testing.Processes;

namespace Trig.Crm.Worker.Tests.Cli;

/// <summary>The one-shot commands through the real executable: exit codes, output formats, and no side effects.</summary>
public sealed class CliCommandTests : IDisposable
{
    private const string Definitions = """
        schema:
          organisation: { plan: string, seats: number, signed_up: datetime }
          events: [ login ]
        behaviours:
          - key: big_account
            name: Big account
            audience: [ seats >= 10 ]
            completion: [ plan = Enterprise ]
        cohorts:
          - key: active
            criteria: [ login occurred ]
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("trig-cli-").FullName;

    public CliCommandTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "lifecycle"));
        File.WriteAllText(Path.Combine(_dir, "lifecycle", "defs.yaml"), Definitions);
        File.WriteAllText(Path.Combine(_dir, "orgs.csv"), "id,name,plan,seats\nacme,Acme,Starter,20\nsmall,Small Co,Starter,2\n");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Validate_InvalidSet_PrintsFileLineColAndExitsOne()
    {
        var bad = Path.Combine(_dir, "bad");
        Directory.CreateDirectory(bad);
        await File.WriteAllTextAsync(Path.Combine(bad, "defs.yaml"), "schema:\n  organisation: { seats: number }\nbehaviours:\n  - key: x\n    audience: [ seatz >= 10 ]\n");

        var r = await TrigProcess.RunAsync(_dir, "validate", "--definitions", bad);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"{Path.Combine(bad, "defs.yaml")}:5:17: unknown attribute 'seatz'", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ValidSet_ExitsZero()
    {
        var r = await TrigProcess.RunAsync(_dir, "validate");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("2 definitions valid", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_ShowsWhoWouldEnter_AndWritesNothing()
    {
        Assert.Equal(0, (await TrigProcess.RunAsync(_dir, "import", "--organisations", "orgs.csv")).ExitCode);

        var preview = await TrigProcess.RunAsync(_dir, "preview", "big_account", "--json");
        var again = await TrigProcess.RunAsync(_dir, "preview", "big_account", "--json");

        Assert.Equal(0, preview.ExitCode);
        using var doc = JsonDocument.Parse(preview.Stdout);
        var entered = doc.RootElement.GetProperty("transitions").EnumerateArray().Where(t => t.GetProperty("kind").GetString() == "entered").Select(t => t.GetProperty("entityId").GetString()).ToList();
        Assert.Equal(["acme"], entered);
        // Nothing was committed: the second preview sees the same entries, and explain shows no membership.
        Assert.Equal(preview.Stdout.Split("\"at\"")[0], again.Stdout.Split("\"at\"")[0]);
        var explain = await TrigProcess.RunAsync(_dir, "explain", "acme", "big_account", "--json");
        using var ex = JsonDocument.Parse(explain.Stdout);
        Assert.Equal("never entered", ex.RootElement.GetProperty("definitions")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Preview_KeyIsASuffixOfAnotherKey_ListsOnlyItsOwnCrmFields()
    {
        // "account" is a suffix of "big_account": the latter's fields (…_big_account) must not be listed under it.
        await File.WriteAllTextAsync(Path.Combine(_dir, "lifecycle", "more.yaml"), """
            cohorts:
              - key: account
                criteria: [ seats >= 1 ]
            """);
        Assert.Equal(0, (await TrigProcess.RunAsync(_dir, "import", "--organisations", "orgs.csv")).ExitCode);

        var preview = await TrigProcess.RunAsync(_dir, "preview", "account", "--json");

        Assert.Equal(0, preview.ExitCode);
        using var doc = JsonDocument.Parse(preview.Stdout);
        var names = doc.RootElement.GetProperty("crmChanges").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["currently_member_of_account", "last_entered_account"], names);
    }

    [Fact]
    public async Task SyncThenExplain_JsonHasMetadataAndAttributes()
    {
        await TrigProcess.RunAsync(_dir, "import", "--organisations", "orgs.csv");
        var sync = await TrigProcess.RunAsync(_dir, "sync", "--once", "--json");
        Assert.Equal(0, sync.ExitCode);
        using (var s = JsonDocument.Parse(sync.Stdout))
        {
            Assert.Equal(1, s.RootElement.GetProperty("transitions").GetProperty("big_account").GetProperty("entered").GetInt32());
        }

        var r = await TrigProcess.RunAsync(_dir, "explain", "acme", "--json");

        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var meta = doc.RootElement.GetProperty("metadata");
        Assert.Equal("true", meta.GetProperty("currently_member_of_big_account").GetString());
        Assert.False(string.IsNullOrEmpty(meta.GetProperty("last_entered_big_account").GetString()));
        Assert.Equal("20", doc.RootElement.GetProperty("attributes").GetProperty("seats").GetString());
        var audience = doc.RootElement.GetProperty("definitions").EnumerateArray().First(d => d.GetProperty("key").GetString() == "big_account").GetProperty("audience");
        Assert.True(audience.GetProperty("result").GetBoolean());
        Assert.Equal("20", audience.GetProperty("children")[0].GetProperty("observed").GetString());
        var entered = doc.RootElement.GetProperty("transitions").EnumerateArray().Single(t => t.GetProperty("definition").GetString() == "big_account");
        Assert.Equal("entered", entered.GetProperty("transition").GetString());
        Assert.Contains("seats >= 10 ✓ (20)", entered.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(entered.GetProperty("version").GetString()));

        var text = await TrigProcess.RunAsync(_dir, "explain", "acme", "big_account");
        Assert.Contains("history (oldest first):", text.Stdout, StringComparison.Ordinal);
        Assert.Contains(" big_account entered (version ", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_UnknownEntity_ExitsOne()
    {
        var r = await TrigProcess.RunAsync(_dir, "explain", "nobody");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("unknown entity 'nobody'", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_AsOfBeforeTheLastCycle_IsRefusedWithOneLine()
    {
        await TrigProcess.RunAsync(_dir, "import", "--organisations", "orgs.csv");
        Assert.Equal(0, (await TrigProcess.RunAsync(_dir, "sync", "--once")).ExitCode);

        var r = await TrigProcess.RunAsync(_dir, "sync", "--once", "--as-of", "2020-06-01T00:00:00Z");

        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("is before the last cycle", r.Stderr, StringComparison.Ordinal);
        // Progress lines go to stderr too; the failure itself is one line, with no stack trace.
        Assert.Single(r.Stderr.Split('\n'), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_BadLine_ImportsNothing_UnlessSkipBad()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "mixed.csv"), "id,seats,signed_up\nok1,5,2026-01-01T00:00:00Z\nbad,lots,2026-01-01T00:00:00Z\n");

        var strict = await TrigProcess.RunAsync(_dir, "import", "--organisations", "mixed.csv");
        var afterStrict = await TrigProcess.RunAsync(_dir, "explain", "ok1");
        var lenient = await TrigProcess.RunAsync(_dir, "import", "--organisations", "mixed.csv", "--skip-bad");
        var afterLenient = await TrigProcess.RunAsync(_dir, "explain", "ok1");

        Assert.Equal(1, strict.ExitCode);
        Assert.Contains("mixed.csv:3:2: 'seats' is declared number, but the value is 'lots'", strict.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, afterStrict.ExitCode);
        Assert.Equal(0, lenient.ExitCode);
        Assert.Contains("skipped 1 bad line", lenient.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, afterLenient.ExitCode);
    }

    [Fact]
    public async Task MissingProviderKey_FailsWithOneLineNamingTheKey()
    {
        var r = await TrigProcess.RunAsync(_dir, "sync", "--once", "--Trig:Crm:Provider=dynamics");

        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("Trig:Dataverse:", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
    }
}
