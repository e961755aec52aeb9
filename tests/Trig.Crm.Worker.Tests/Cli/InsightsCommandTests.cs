using System.Text.Json;
using Microsoft.Data.Sqlite;
using Trig.Crm.Testing.Processes;

namespace Trig.Crm.Worker.Tests.Cli;

/// <summary>
/// <c>trig insights …</c> and <c>trig members</c> through the real executable, after an import and one cycle:
/// a (20 seats, active), b (12, active), c (2, cancelled), d (1, active).
/// </summary>
public sealed class InsightsCommandTests : IDisposable
{
    private const string Definitions = """
        schema:
          organisation: { name: string, seats: number, status: string }
        behaviours:
          - key: big_team
            name: Big team
            completion: [ seats >= 10 ]
        cohorts:
          - key: paying
            criteria: [ status = active ]
        stages:
          - key: onboarding
            name: Onboarding
            audience: [ seats >= 1 ]
            exit: { after: 30d }
            objectives:
              - { key: five_seats, name: Five seats, completion: [ seats >= 5 ] }
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("trig-insights-cli-").FullName;

    public InsightsCommandTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "lifecycle"));
        File.WriteAllText(Path.Combine(_dir, "lifecycle", "defs.yaml"), Definitions);
        File.WriteAllText(Path.Combine(_dir, "orgs.csv"), "id,name,seats,status\na,\"Acme, Inc\",20,active\nb,Beta,12,active\nc,Gamma,2,cancelled\nd,Delta,1,active\n");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task SyncAsync()
    {
        Assert.Equal(0, (await TrigProcess.RunAsync(_dir, "import", "--organisations", "orgs.csv")).ExitCode);
        Assert.Equal(0, (await TrigProcess.RunAsync(_dir, "sync", "--once")).ExitCode);
    }

    [Fact]
    public async Task Retention_Json_HasTheGap_TextRanksIt()
    {
        await SyncAsync();

        var json = await TrigProcess.RunAsync(_dir, "insights", "retention", "--outcome", "status = active", "--json", "--Trig:Insights:MinGroupSize=1");
        var text = await TrigProcess.RunAsync(_dir, "insights", "retention", "--retained-cohort", "paying", "--within", "30d", "--Trig:Insights:MinGroupSize=1");

        Assert.Equal(0, json.ExitCode);
        using var doc = JsonDocument.Parse(json.Stdout);
        // big_team doers a, b: both active (100%); non-doers c, d: one active (50%) → +50 points.
        var big = doc.RootElement.GetProperty("ranked").EnumerateArray().Single(i => i.GetProperty("key").GetString() == "big_team");
        Assert.Equal(50, big.GetProperty("gapPoints").GetDouble(), 9);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("retained when in cohort paying", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("big_team", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("+50.0", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Funnel_AndMembersCsv()
    {
        await SyncAsync();

        var funnel = await TrigProcess.RunAsync(_dir, "insights", "funnel", "onboarding");
        var csv = await TrigProcess.RunAsync(_dir, "members", "paying", "--attributes", "name,seats", "--csv");

        // a and b reach five seats, which completes their only objective and so the stage; c and d are still in it.
        Assert.Equal(0, funnel.ExitCode);
        Assert.Contains("Stage onboarding (Onboarding): entered 4, completed 2, exited 0, in stage 2", funnel.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, csv.ExitCode);
        var lines = csv.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("id,entered_at,name,seats", lines[0]);
        Assert.Equal(["a", "b", "d"], lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.EndsWith(",\"Acme, Inc\",20", lines[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("outcome:1:", "insights", "retention", "--outcome", "status ==")]
    [InlineData("give exactly one outcome", "insights", "retention")]
    [InlineData("--within 'soon' is not a duration", "insights", "retention", "--retained-cohort", "paying", "--within", "soon")]
    [InlineData("no stage 'paying' (known: onboarding)", "insights", "funnel", "paying")]
    [InlineData("no job 'x'", "insights", "job", "x")]
    [InlineData("no signal 'x'", "insights", "signal", "x")]
    [InlineData("unknown attribute 'nope' for organisation", "members", "paying", "--attributes", "nope")]
    public async Task BadInput_OneLineAndExitOne(string expected, params string[] args)
    {
        var r = await TrigProcess.RunAsync(_dir, args);

        Assert.Equal(1, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }
}
