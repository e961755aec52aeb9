using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Trig.Crm.Engine.Cycle;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store;
using Trig.Crm.Testing.Stores;
using Trig.Crm.Worker.Tests.Support;

namespace Trig.Crm.Worker.Tests.Endpoints;

/// <summary>
/// <c>/api/admin/insights/…</c> and <c>/api/admin/definitions/{key}/members</c> on the web host over a local-CRM
/// store filled by one real cycle: o1 (3 seats, active, Premium), o2 (2, active, Premium), o3 (1, cancelled),
/// o4 (1, active). Everyone enters <c>invited</c>; o1 and o2 complete it (seats ≥ 2).
/// </summary>
public sealed class InsightsEndpointTests : IAsyncLifetime
{
    private const string Key = "admin-key-0123456789abcdef";
    private const string Yaml = """
        schema:
          organisation:
            name: string
            plan: string
            seats: number
            subscription_status: string
        behaviours:
          - key: invited
            name: Invited a teammate
            completion: [ seats >= 2 ]
        cohorts:
          - key: premium
            name: Premium accounts
            criteria: [ plan = Premium ]
        stages:
          - key: onboarding
            name: Onboarding
            audience: [ seats >= 1 ]
            exit: { after: 30d }
            objectives:
              - { key: team_of_three, name: Team of three, completion: [ seats >= 3 ] }
        jobs:
          - key: nudge
            name: Nudge
            audience: [ seats < 2 ]
            reentry: false
            goal: [ seats >= 2 ]
            duration: 10d
        """;

    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private readonly TempStore _store = new("insights-api");
    private TrigWebHost _host = null!;

    public async Task InitializeAsync()
    {
        var definitions = Path.Combine(_store.Directory, "lifecycle");
        Directory.CreateDirectory(definitions);
        await File.WriteAllTextAsync(Path.Combine(definitions, "insights.yaml"), Yaml);
        _host = await TrigWebHost.StartAsync(
            [_store.Arg, $"--Trig:Definitions:Path={definitions}", $"--Trig:Admin:ApiKey={Key}", "--Trig:Insights:MinGroupSize=1"], Now);
        await _host.Get<ITrigStore>().UpsertAsync(
            [.. new[] { ("o1", "Acme, Inc", "Premium", 3, "active"), ("o2", "Beta", "Premium", 2, "active"), ("o3", "Gamma", "Starter", 1, "cancelled"), ("o4", "Delta", "Starter", 1, "active") }
                .Select(o => new CrmRecord(EntityKind.Organisation, o.Item1, null, new Dictionary<string, AttributeValue>
                {
                    ["name"] = AttributeValue.Of(o.Item2),
                    ["plan"] = AttributeValue.Of(o.Item3),
                    ["seats"] = AttributeValue.Of(o.Item4),
                    ["subscription_status"] = AttributeValue.Of(o.Item5),
                }))],
            default);
        _host.Time.Advance(TimeSpan.FromMinutes(15));
        await _host.Get<FullCycle>().RunAsync(new FullCycleRequest(Pull: false), default);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _store.Dispose();
    }

    private Task<HttpResponseMessage> GetAsync(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        return _host.Client.SendAsync(request);
    }

    private async Task<JsonNode> OkJsonAsync(string path)
    {
        var response = await GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }

    private async Task<string> ProblemAsync(string path, HttpStatusCode status)
    {
        var response = await GetAsync(path);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!["detail"]!.GetValue<string>();
    }

    [Theory]
    [InlineData("/api/admin/insights/retention?outcome=plan%20%3D%20Premium")]
    [InlineData("/api/admin/insights/funnel/onboarding")]
    [InlineData("/api/admin/insights/jobs/nudge")]
    [InlineData("/api/admin/definitions/premium/members")]
    public async Task Insights_WithoutTheAdminKey_Are401(string path) =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.Client.GetAsync(path)).StatusCode);

    [Fact]
    public async Task Retention_Criteria_RanksTheBehaviourWithItsGap()
    {
        var report = await OkJsonAsync("/api/admin/insights/retention?outcome=subscription_status%20%3D%20active");

        // Doers o1, o2: both active (100%); non-doers o3 (cancelled), o4 (active): 50%. Gap 50 points.
        Assert.Equal(4, report["organisations"]!.GetValue<int>());
        var invited = report["ranked"]!.AsArray().Single(i => i!["key"]!.GetValue<string>() == "invited")!;
        Assert.Equal((2, 2, 2, 1), (invited["doers"]!.GetValue<int>(), invited["doersRetained"]!.GetValue<int>(), invited["nonDoers"]!.GetValue<int>(), invited["nonDoersRetained"]!.GetValue<int>()));
        Assert.Equal(50, invited["gapPoints"]!.GetValue<double>(), 9);
    }

    [Fact]
    public async Task Retention_RetainedCohortAndWithin_AreAccepted()
    {
        var report = await OkJsonAsync("/api/admin/insights/retention?retainedCohort=premium&within=7d");

        Assert.Equal(2, report["retained"]!.GetValue<int>());
        Assert.Equal(7, report["withinDays"]!.GetValue<double>());
    }

    [Theory]
    [InlineData("/api/admin/insights/retention?outcome=seats%20%3D%3D", "outcome:1:")]
    [InlineData("/api/admin/insights/retention?outcome=nope%20%3D%201", "unknown attribute 'nope'")]
    [InlineData("/api/admin/insights/retention", "exactly one outcome")]
    [InlineData("/api/admin/insights/retention?retainedCohort=premium&within=soon", "within 'soon' is not a duration")]
    [InlineData("/api/admin/definitions/premium/members?attributes=nope", "unknown attribute 'nope'")]
    [InlineData("/api/admin/definitions/premium/members?format=xml", "format 'xml' is unknown")]
    [InlineData("/api/admin/definitions/premium/members?page=0", "page must be 1 or more")]
    public async Task BadInput_Is400WithTheProblem(string path, string detail) =>
        Assert.Contains(detail, await ProblemAsync(path, HttpStatusCode.BadRequest), StringComparison.Ordinal);

    [Theory]
    [InlineData("/api/admin/insights/retention?retainedCohort=nope", "no cohort 'nope'")]
    [InlineData("/api/admin/insights/funnel/invited", "no stage 'invited'")]
    [InlineData("/api/admin/insights/jobs/premium", "no job 'premium'")]
    [InlineData("/api/admin/insights/signals/nudge", "no signal 'nudge'")]
    [InlineData("/api/admin/definitions/nobody/members", "no definition 'nobody'")]
    public async Task UnknownKey_Is404WithTheProblem(string path, string detail) =>
        Assert.Contains(detail, await ProblemAsync(path, HttpStatusCode.NotFound), StringComparison.Ordinal);

    [Fact]
    public async Task Funnel_And_Job_ReportTheCycle()
    {
        var funnel = await OkJsonAsync("/api/admin/insights/funnel/onboarding");
        var job = await OkJsonAsync("/api/admin/insights/jobs/nudge");

        // Everyone (seats ≥ 1) entered onboarding; only o1 has three seats.
        Assert.Equal(4, funnel["entered"]!.GetValue<int>());
        Assert.Equal(1, funnel["objectives"]![0]!["completed"]!.GetValue<int>());
        // o3 and o4 (seats < 2) are in the nudge, neither has reached the goal.
        Assert.Equal((2, 0, 2), (job["entered"]!.GetValue<int>(), job["completed"]!.GetValue<int>(), job["active"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Members_PageAsJson_AndAllAsCsv()
    {
        var page = await OkJsonAsync("/api/admin/definitions/premium/members?attributes=name,seats&page=1");
        Assert.Equal(2, page["total"]!.GetValue<int>());
        Assert.Equal("Acme, Inc", page["rows"]![0]!["attributes"]!["name"]!.GetValue<string>());

        var csv = await GetAsync("/api/admin/definitions/premium/members?attributes=name&format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("id,entered_at,name", lines[0]);
        Assert.StartsWith("o1,", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",\"Acme, Inc\"", lines[1], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
    }
}
