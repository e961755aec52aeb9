using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Trig.Crm.Engine.Cycle;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store;
using Trig.Crm.Testing.Stores;
using Trig.Crm.Worker.Tests.Support;

namespace Trig.Crm.Worker.Tests.Endpoints;

/// <summary>
/// Authoring through <c>/api/admin/definitions/...</c> on the web host over a small local-CRM store: a provisioned
/// file (read-only) plus documents applied through the API form one set; dry run previews without storing; publish
/// stores a set version the next cycle evaluates; rollback, retire (with dependants), criteria-change confirmation,
/// duplicate, schema suggestions and the paged audit.
/// </summary>
public sealed class DefinitionAuthoringEndpointTests : IAsyncLifetime
{
    private const string Key = "admin-key-0123456789abcdef";

    private const string Provisioned = """
        schema:
          organisation:
            name: string
            plan: string
            arr: number
        cohorts:
          - key: premium
            name: Premium accounts
            criteria: [ plan = Premium ]
        """;

    internal const string JobDocument = """
        # An expansion play: a cohort and a job with a follow-up.
        cohorts:
          - key: enterprise_fit
            name: Enterprise fit
            criteria: [ arr >= 10000 ]
        jobs:
          - key: expansion_call
            name: Expansion call
            audience:
              - currently_member_of_premium = true
              - currently_member_of_enterprise_fit = true
            reentry: false
            goal: [ arr >= 100000 ]
            duration: 14d
            on_entry:
              - slack: { channel: "#cs-expansion", text: "{name} is ready for an expansion call" }
            follow_ups:
              - after: 3d
                actions: [ { slack: { channel: "#cs-expansion", text: "Follow up with {name}" } } ]
        """;

    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private readonly TempStore _store = new("authoring");
    private TrigWebHost _host = null!;

    public async Task InitializeAsync()
    {
        var definitions = Path.Combine(_store.Directory, "lifecycle");
        Directory.CreateDirectory(definitions);
        await File.WriteAllTextAsync(Path.Combine(definitions, "base.yaml"), Provisioned);
        _host = await TrigWebHost.StartAsync([_store.Arg, $"--Trig:Definitions:Path={definitions}", $"--Trig:Admin:ApiKey={Key}"], Now);
        await UpsertAsync(("org-1", "Acme", "Premium", 50000), ("org-2", "Beta", "Starter", 2000), ("org-3", "Gamma", "Premium", 12000), ("org-4", "Delta", "Premium", 500));
        await CycleAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _store.Dispose();
    }

    private ITrigStore Store => _host.Get<ITrigStore>();

    private Task UpsertAsync(params (string Id, string Name, string Plan, double Arr)[] orgs) =>
        Store.UpsertAsync(
            [.. orgs.Select(o => new CrmRecord(EntityKind.Organisation, o.Id, null, new Dictionary<string, AttributeValue>
            {
                ["name"] = AttributeValue.Of(o.Name),
                ["plan"] = AttributeValue.Of(o.Plan),
                ["arr"] = AttributeValue.Of(o.Arr),
            }))],
            default);

    private async Task CycleAsync(TimeSpan? advance = null)
    {
        _host.Time.Advance(advance ?? TimeSpan.FromMinutes(15));
        await _host.Get<FullCycle>().RunAsync(new FullCycleRequest(Pull: false), default);
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> SendAsync(HttpMethod method, string path, string? yaml = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        if (yaml is not null)
        {
            request.Content = new StringContent(yaml, Encoding.UTF8, "application/yaml");
        }

        var response = await _host.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!);
    }

    private async Task<JsonNode> OkAsync(HttpMethod method, string path, string? yaml = null)
    {
        var (status, body) = await SendAsync(method, path, yaml);
        Assert.True(status == HttpStatusCode.OK, $"{method} {path}: {(int)status} {body.ToJsonString()}");
        return body;
    }

    private static JsonNode PreviewOf(JsonNode result, string key) =>
        result["preview"]!["definitions"]!.AsArray().Single(d => d!["key"]!.GetValue<string>() == key)!;

    private static List<string> Ids(JsonNode sample) => [.. sample["first"]!.AsArray().Select(e => e!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Apply_DryRun_PreviewsAudienceAndActions_AndStoresNothing()
    {
        var before = _host.Get<DefinitionCatalog>().Current!.Version;
        var result = await OkAsync(HttpMethod.Post, "/api/admin/definitions/apply?dryRun=true", JobDocument);

        Assert.False(result["published"]!.GetValue<bool>());
        Assert.Equal(0, result["setVersion"]!.GetValue<long>());
        Assert.Equal(["enterprise_fit", "expansion_call"], result["changed"]!.AsArray().Select(k => k!.GetValue<string>()).Order(StringComparer.Ordinal));
        var job = PreviewOf(result, "expansion_call");
        Assert.Equal(2, job["enter"]!["count"]!.GetValue<int>());
        Assert.Equal(["org-1", "org-3"], Ids(job["enter"]!));
        Assert.Contains("currently_member_of_premium", job["enter"]!["first"]![0]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Acme", job["enter"]!["first"]!.AsArray().Single(e => e!["id"]!.GetValue<string>() == "org-1")!["name"]!.GetValue<string>());
        var actions = result["preview"]!["actions"]!.AsArray();
        Assert.Equal(2, result["preview"]!["actionCount"]!.GetValue<int>());
        Assert.All(actions, a => Assert.Equal("slack", a!["kind"]!.GetValue<string>()));
        Assert.Contains(result["preview"]!["crmChanges"]!.AsArray(), c => c!["name"]!.GetValue<string>() == "currently_member_of_expansion_call");

        Assert.Empty((await Store.LoadAuthoredAsync(default)).Entries);
        Assert.Equal(before, _host.Get<DefinitionCatalog>().Current!.Version);
        Assert.DoesNotContain(await Store.AuditPageAsync(null, 10, default), a => a.Action.StartsWith("definitions.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Publish_NextCycleEntersAndQueuesActions_FollowUpFires_ThenRollback()
    {
        var published = await OkAsync(HttpMethod.Post, "/api/admin/definitions/apply?dryRun=false", JobDocument);
        Assert.True(published["published"]!.GetValue<bool>());
        Assert.Equal(1, published["setVersion"]!.GetValue<long>());
        var list = await OkAsync(HttpMethod.Get, "/api/admin/definitions");
        Assert.Equal("authored", list.AsArray().Single(d => d!["key"]!.GetValue<string>() == "expansion_call")!["source"]!.GetValue<string>());
        Assert.Equal("provisioned", list.AsArray().Single(d => d!["key"]!.GetValue<string>() == "premium")!["source"]!.GetValue<string>());

        await CycleAsync();
        var members = await MembersAsync("expansion_call");
        Assert.Equal(["org-1", "org-3"], members);
        var queued = await Store.ListAsync(new OutboxQuery(null, "expansion_call"), 50, default);
        Assert.Equal(["org-1", "org-3"], queued.Select(q => q.Item.EntityId).Order(StringComparer.Ordinal));
        Assert.All(queued, q => Assert.Equal("entered", q.Item.Transition));

        await CycleAsync(TimeSpan.FromDays(3));
        queued = await Store.ListAsync(new OutboxQuery(null, "expansion_call"), 50, default);
        Assert.Equal(2, queued.Count(q => q.Item.Transition == "follow_up"));

        // A second version (the Slack text), then back to the first.
        var edited = JobDocument.Replace("is ready for an expansion call", "should get a call this week", StringComparison.Ordinal);
        Assert.Equal(2, (await OkAsync(HttpMethod.Post, "/api/admin/definitions/apply?dryRun=false", edited))["setVersion"]!.GetValue<long>());
        var versions = (await OkAsync(HttpMethod.Get, "/api/admin/definitions/expansion_call/versions")).AsArray();
        Assert.Equal([2L, 1L], versions.Select(v => v!["setVersion"]!.GetValue<long>()));
        Assert.Equal("api-key", versions[0]!["actor"]!.GetValue<string>());
        Assert.Contains("+       - slack: { channel: \"#cs-expansion\", text: \"{name} should get a call this week\" }", versions[0]!["diff"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("-       - slack: { channel: \"#cs-expansion\", text: \"{name} is ready for an expansion call\" }", versions[0]!["diff"]!.GetValue<string>(), StringComparison.Ordinal);

        var rolled = await OkAsync(HttpMethod.Post, "/api/admin/definitions/expansion_call/rollback?version=1");
        Assert.Equal(3, rolled["setVersion"]!.GetValue<long>());
        var detail = await OkAsync(HttpMethod.Get, "/api/admin/definitions/expansion_call");
        Assert.Equal("authored", detail["source"]!.GetValue<string>());
        Assert.Equal(3, detail["setVersion"]!.GetValue<long>());
        Assert.Contains("is ready for an expansion call", detail["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, detail["metrics"]!["active"]!.GetValue<int>());
        Assert.NotNull(detail["lastEvaluatedAt"]);
        Assert.Equal(
            ["definitions.rollback", "definitions.apply", "definitions.apply"],
            (await OkAsync(HttpMethod.Get, "/api/admin/audit?limit=3")).AsArray().Select(a => a!["action"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Apply_ProvisionedKey_Is409_AndTheFileDefinitionIsUntouched()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/api/admin/definitions/apply?dryRun=false", "cohorts:\n  - key: premium\n    criteria: [ plan = Starter ]\n");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("managed in files", body["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty((await Store.LoadAuthoredAsync(default)).Entries);
        var detail = await OkAsync(HttpMethod.Get, "/api/admin/definitions/premium");
        Assert.Equal("provisioned", detail["source"]!.GetValue<string>());
        Assert.False(detail["editable"]!.GetValue<bool>());
        Assert.Contains("plan = Premium", detail["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(HttpMethod.Delete, "/api/admin/definitions/premium")).Status);
    }

    [Fact]
    public async Task Apply_Invalid_Is422_WithTheLineAndColumnOfEachError()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/api/admin/definitions/apply?dryRun=false", "cohorts:\n  - key: rich\n    criteria: [ arr >= lots ]\n");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var error = body["errors"]!.AsArray().Single()!;
        Assert.Equal(("document", 3), (error["file"]!.GetValue<string>(), error["line"]!.GetValue<int>()));
        Assert.True(error["column"]!.GetValue<int>() > 1);
        Assert.Contains("type mismatch", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty((await Store.LoadAuthoredAsync(default)).Entries);
    }

    [Fact]
    public async Task Retire_RefusedWhileAJobUsesTheCohort_ThenRetiresWithTheCrmPropertiesKept()
    {
        await OkAsync(HttpMethod.Post, "/api/admin/definitions/apply?dryRun=false", JobDocument);

        var (status, body) = await SendAsync(HttpMethod.Delete, "/api/admin/definitions/enterprise_fit");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal(["expansion_call"], body["dependants"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.True(_host.Get<DefinitionCatalog>().Current!.ByKey.ContainsKey("enterprise_fit"));

        var retired = await OkAsync(HttpMethod.Delete, "/api/admin/definitions/expansion_call");
        Assert.Contains("kept in the CRM", retired["note"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(_host.Get<DefinitionCatalog>().Current!.ByKey.ContainsKey("expansion_call"));
        await OkAsync(HttpMethod.Delete, "/api/admin/definitions/enterprise_fit");
        Assert.Empty((await Store.LoadAuthoredAsync(default)).Entries);
        Assert.True((await OkAsync(HttpMethod.Get, "/api/admin/definitions/expansion_call/versions")).AsArray()[0]!["retired"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Delete, "/api/admin/definitions/expansion_call")).Status);
    }

    [Fact]
    public async Task CriteriaChange_OfADefinitionWithMembers_NeedsConfirm_AndDuplicateAsNewDoesNot()
    {
        await OkAsync(HttpMethod.Post, "/api/admin/definitions/apply?dryRun=false", JobDocument);
        await CycleAsync();
        var stricter = JobDocument.Replace("arr >= 10000 ]", "arr >= 20000 ]", StringComparison.Ordinal);

        var (status, body) = await SendAsync(HttpMethod.Post, "/api/admin/definitions/apply?dryRun=false", stricter);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal(["enterprise_fit"], body["confirmationRequired"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.Contains("Current members stay members", body["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, await Store.AuthoredSetVersionAsync(default));

        var confirmed = await OkAsync(HttpMethod.Post, "/api/admin/definitions/apply?dryRun=false&confirm=true", stricter);
        Assert.Equal(2, confirmed["setVersion"]!.GetValue<long>());
        Assert.Equal(["enterprise_fit"], confirmed["changed"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.Equal(["expansion_call"], confirmed["unchanged"]!.AsArray().Select(k => k!.GetValue<string>()));

        var copy = await OkAsync(HttpMethod.Post, "/api/admin/definitions/premium/duplicate?newKey=premium_v2");
        Assert.Equal(["premium_v2"], copy["changed"]!.AsArray().Select(k => k!.GetValue<string>()));
        var detail = await OkAsync(HttpMethod.Get, "/api/admin/definitions/premium_v2");
        Assert.Equal("authored", detail["source"]!.GetValue<string>());
        Assert.Contains("key: premium_v2", detail["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("plan = Premium", detail["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schema_ListsDeclaredAndSuggestsObservedAttributes_AndAcceptDeclaresOne()
    {
        await Store.UpsertAsync([new CrmRecord(EntityKind.Organisation, "org-5", null, new Dictionary<string, AttributeValue> { ["name"] = AttributeValue.Of("Echo"), ["seats"] = AttributeValue.Of(42) })], default);

        var schema = await OkAsync(HttpMethod.Get, "/api/admin/schema");
        var arr = schema["attributes"]!.AsArray().Single(a => a!["name"]!.GetValue<string>() == "arr")!;
        Assert.Equal(("number", "provisioned"), (arr["type"]!.GetValue<string>(), arr["source"]!.GetValue<string>()));
        var seats = schema["suggestedAttributes"]!.AsArray().Single(a => a!["name"]!.GetValue<string>() == "seats")!;
        Assert.Equal(("organisation", "number"), (seats["entity"]!.GetValue<string>(), seats["observedType"]!.GetValue<string>()));
        Assert.Equal(["42"], seats["examples"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.DoesNotContain(schema["suggestedAttributes"]!.AsArray(), a => a!["name"]!.GetValue<string>() == "plan");

        await OkAsync(HttpMethod.Post, "/api/admin/schema/accept?entity=organisation&name=seats");
        schema = await OkAsync(HttpMethod.Get, "/api/admin/schema");
        var declared = schema["attributes"]!.AsArray().Single(a => a!["name"]!.GetValue<string>() == "seats")!;
        Assert.Equal(("number", "authored"), (declared["type"]!.GetValue<string>(), declared["source"]!.GetValue<string>()));
        Assert.DoesNotContain(schema["suggestedAttributes"]!.AsArray(), a => a!["name"]!.GetValue<string>() == "seats");

        // The accepted attribute is usable by the next document.
        await OkAsync(HttpMethod.Post, "/api/admin/definitions/apply?dryRun=false", "cohorts:\n  - key: many_seats\n    criteria: [ seats >= 10 ]\n");
    }

    [Fact]
    public async Task Audit_IsPagedNewestFirst_WithWhoDidIt()
    {
        await OkAsync(HttpMethod.Post, "/api/admin/definitions/apply?dryRun=false", "cohorts:\n  - key: small\n    criteria: [ arr < 1000 ]\n");
        await OkAsync(HttpMethod.Post, "/api/admin/definitions/premium/pause");
        await OkAsync(HttpMethod.Post, "/api/admin/definitions/small/pause");

        var first = (await OkAsync(HttpMethod.Get, "/api/admin/audit?limit=2")).AsArray();
        Assert.Equal([("pause", "small"), ("pause", "premium")], first.Select(a => (a!["action"]!.GetValue<string>(), a["subject"]!.GetValue<string>())));
        var next = (await OkAsync(HttpMethod.Get, $"/api/admin/audit?limit=2&before={first[1]!["id"]!.GetValue<long>()}")).AsArray();
        var apply = Assert.Single(next)!;
        Assert.Equal(("definitions.apply", "api-key"), (apply["action"]!.GetValue<string>(), apply["actor"]!.GetValue<string>()));
        Assert.Contains("set v1", apply["subject"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Get, "/api/admin/audit?limit=0")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.Client.PostAsync("/api/admin/definitions/apply", new StringContent("cohorts: []"))).StatusCode);
    }

    private async Task<List<string>> MembersAsync(string key)
    {
        var ids = new List<string>();
        foreach (var id in new[] { "org-1", "org-2", "org-3", "org-4" })
        {
            var e = await Store.LoadEntityAsync(EntityKind.Organisation, id, default);
            if (e!.Memberships.TryGetValue(key, out var m) && m.IsActive)
            {
                ids.Add(id);
            }
        }

        return ids;
    }
}
