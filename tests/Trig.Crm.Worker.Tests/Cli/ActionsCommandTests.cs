using System.Text.Json;
using Microsoft.Data.Sqlite;
using Trig.Crm.Testing.Processes;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Trig.Crm.Worker.Tests.Cli;

/// <summary>
/// <c>trig actions</c> through the real executable on a real outbox: Slack is not configured (its actions wait), the
/// webhook receiver answers 410 Gone (its actions are dead letters, a real failure).
/// </summary>
public sealed class ActionsCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("trig-actions-").FullName;
    private readonly WireMockServer _receiver = WireMockServer.Start();

    public ActionsCommandTests()
    {
        _receiver.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(410));
        Directory.CreateDirectory(Path.Combine(_dir, "lifecycle"));
        File.WriteAllText(Path.Combine(_dir, "lifecycle", "defs.yaml"), $$"""
            schema:
              organisation: { seats: number }
            behaviours:
              - key: pings
                name: Pings
                audience: [ seats >= 1 ]
                on_entry: [ { slack: { channel: "C1", text: "hi {name}" } } ]
              - key: hooks
                name: Hooks
                audience: [ seats >= 10 ]
                on_entry: [ { webhook: { url: "{{_receiver.Url}}/hook", attributes: [ seats ] } } ]
            """);
        File.WriteAllText(Path.Combine(_dir, "orgs.csv"), "id,name,seats\nacme,Acme,20\nbeta,Beta,30\nsmall,Small Co,2\n");
    }

    public void Dispose()
    {
        _receiver.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Actions_FiltersByStatusAndDefinition_ShowsTotals_AndRetryAllRequeuesTheDeadLettersAudited()
    {
        Assert.Equal(0, (await Trig("import", "--organisations", "orgs.csv")).ExitCode);
        Assert.Equal(0, (await Trig("sync", "--once", "--Trig:Webhooks:Secrets:default=s3cret")).ExitCode);

        var all = await Trig("actions");
        Assert.Equal(0, all.ExitCode);
        Assert.Contains("outbox: dead 2, waiting 3", all.Stdout, StringComparison.Ordinal);

        var waiting = await Json("actions", "--status", "waiting", "--definition", "pings", "--json");
        Assert.Equal(3, waiting.GetProperty("matching").GetInt32());
        Assert.All(waiting.GetProperty("rows").EnumerateArray(), r =>
        {
            Assert.Equal(("waiting", "pings", "slack"), (r.GetProperty("status").GetString(), r.GetProperty("definition").GetString(), r.GetProperty("kind").GetString()));
            Assert.Equal("Trig:Slack:BotToken is not set", r.GetProperty("reason").GetString());
        });
        Assert.Equal(3, waiting.GetProperty("totals").GetProperty("waiting").GetInt32());
        Assert.False(waiting.GetProperty("totals").TryGetProperty("dead", out _)); // totals of --definition pings only

        var page = await Json("actions", "--definition", "hooks", "--limit", "1", "--json");
        Assert.Equal(2, page.GetProperty("matching").GetInt32());
        Assert.Single(page.GetProperty("rows").EnumerateArray());

        var failed = await Trig("actions", "--failed");
        Assert.Contains("dead action(s), newest first: 2 of 2", failed.Stdout, StringComparison.Ordinal);
        Assert.Contains("HTTP 410", failed.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("slack", failed.Stdout, StringComparison.Ordinal); // the waiting Slack rows are not listed

        var retryAll = await Trig("actions", "--retry-all", "--definition", "hooks");
        Assert.Equal(0, retryAll.ExitCode);
        Assert.Contains("2 failed action(s) queued again of hooks", retryAll.Stdout, StringComparison.Ordinal);
        var after = await Json("actions", "--json");
        Assert.Equal(2, after.GetProperty("totals").GetProperty("pending").GetInt32());
        Assert.False(after.GetProperty("totals").TryGetProperty("dead", out _));
        Assert.Equal(3, after.GetProperty("totals").GetProperty("waiting").GetInt32());

        var audit = Audit();
        Assert.Equal(2, audit.Count);
        Assert.All(audit, a => Assert.Equal(("cli:" + Environment.UserName, "retry"), (a.Actor, a.Action)));
        var ids = after.GetProperty("rows").EnumerateArray().Where(r => r.GetProperty("status").GetString() == "pending").Select(r => "outbox:" + r.GetProperty("id").GetInt64());
        Assert.Equal(ids.Order(StringComparer.Ordinal), audit.Select(a => a.Subject).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Actions_RetryOneId_IsAudited_AndAnUnknownIdExitsOne()
    {
        Assert.Equal(0, (await Trig("import", "--organisations", "orgs.csv")).ExitCode);
        Assert.Equal(0, (await Trig("sync", "--once", "--Trig:Webhooks:Secrets:default=s3cret")).ExitCode);
        var id = (await Json("actions", "--failed", "--json")).GetProperty("rows")[0].GetProperty("id").GetInt64();

        var retry = await Trig("actions", "--retry", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var again = await Trig("actions", "--retry", id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal((0, 1), (retry.ExitCode, again.ExitCode));
        Assert.Contains($"no failed action {id}", again.Stderr, StringComparison.Ordinal);
        Assert.Equal([("cli:" + Environment.UserName, "retry", $"outbox:{id}")], Audit());
    }

    private Task<TrigProcess.Result> Trig(params string[] args) => TrigProcess.RunAsync(_dir, args);

    private async Task<JsonElement> Json(params string[] args)
    {
        var r = await Trig(args);
        Assert.True(r.ExitCode == 0, r.ToString());
        return JsonDocument.Parse(r.Stdout).RootElement.Clone();
    }

    private List<(string Actor, string Action, string Subject)> Audit()
    {
        using var c = new SqliteConnection($"Data Source={Path.Combine(_dir, "trig.db")}");
        c.Open();
        using var q = c.CreateCommand();
        q.CommandText = "SELECT actor, action, subject FROM audit WHERE action = 'retry' ORDER BY id";
        using var r = q.ExecuteReader();
        var list = new List<(string, string, string)>();
        while (r.Read())
        {
            list.Add((r.GetString(0), r.GetString(1), r.GetString(2)));
        }

        return list;
    }
}
