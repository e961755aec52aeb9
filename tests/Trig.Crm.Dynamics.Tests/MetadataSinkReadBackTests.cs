using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Testing.Stubs;
using WireMock;

namespace Trig.Crm.Dynamics.Tests;

/// <summary>
/// Reading Trig's columns back from Dataverse (after a crash mid-push): <c>GET {set}?$select=…&amp;$filter={id} eq … or …</c>
/// per table, 50 ids per request, values mapped to the text the engine pushes.
/// </summary>
public sealed partial class MetadataSinkReadBackTests
{
    private const string A1 = "e86748d4-a44a-4982-8bcc-ec00be9db6cd";
    private const string A2 = "0a1b2c3d-0000-4000-8000-000000000002";
    private const string Gone = "0a1b2c3d-0000-4000-8000-0000000000ff";
    private const string P1 = "59c45a50-59a5-e511-80f0-3863bb2e34f8";

    /// <summary>Answers GETs of <paramref name="set"/> with the rows whose id the <c>$filter</c> names, as Dataverse does.</summary>
    private static void StubRows(DataverseTestHost host, string set, string idColumn, Dictionary<string, JsonObject> rows) =>
        DataverseStub.Get(host.Org, DataverseTestHost.Api + set, request =>
        {
            var value = new JsonArray([.. FilteredIds(request).Where(rows.ContainsKey).Select(id => (JsonNode)WithId(rows[id], idColumn, id))]);
            return DataverseStub.Json(200, new JsonObject { ["@odata.context"] = $"{host.Org.Url}/api/data/v9.2/$metadata#{set}", ["value"] = value }.ToJsonString());
        });

    private static JsonObject WithId(JsonObject row, string idColumn, string id)
    {
        var copy = row.DeepClone().AsObject();
        copy["@odata.etag"] = "W/\"4436217\"";
        copy[idColumn] = id;
        return copy;
    }

    /// <summary>The ids a read asked for: the GUIDs of <c>{id} eq {guid}</c> terms of its <c>$filter</c>.</summary>
    private static List<string> FilteredIds(IRequestMessage request) =>
        [.. IdTerm().Matches(DataverseStub.Query(request)).Select(m => m.Groups[1].Value)];

    [GeneratedRegex(@"id eq ([0-9a-f-]{36})")]
    private static partial Regex IdTerm();

    [Fact]
    public async Task Read_MapsEachColumnTypeBackToTheTextThePushSends_PerTable_WithTheWriteNamesAndPrefer()
    {
        using var host = new DataverseTestHost();
        StubRows(host, "accounts", "accountid", new()
        {
            [A1] = new()
            {
                ["trig_currently_member_of_onboarding"] = true,
                ["trig_last_entered_onboarding"] = "2026-01-31T09:00:00Z",
                ["trig_current_stage"] = "trial",
                ["trig_health_score"] = 42.50m,
                ["trig_cohorts"] = null,
            },
            [A2] = new()
            {
                ["trig_currently_member_of_onboarding"] = false,
                ["trig_last_entered_onboarding"] = null,
                ["trig_current_stage"] = "2026-02-01T00:00:00Z",
                ["trig_health_score"] = 7,
                ["trig_cohorts"] = "a;b",
            },
        });
        StubRows(host, "contacts", "contactid", new() { [P1] = new() { ["trig_currently_member_of_onboarding"] = false } });
        string[] names = ["currently_member_of_onboarding", "last_entered_onboarding", "current_stage", "health_score", "cohorts"];
        List<MetadataChange> wanted =
        [
            .. ((string[])[A1, A2]).SelectMany(id => names.Select(n => new MetadataChange(EntityKind.Organisation, id, n, "ignored"))),
            new(EntityKind.Person, "{" + P1.ToUpperInvariant() + "}", "currently_member_of_onboarding", "true"),
        ];

        var held = await host.Sink.ReadAsync(wanted, CancellationToken.None);

        string? Held(string id, string name) => Assert.Single(held, h => h.EntityId == id && h.Name == name).Value;
        Assert.Equal(11, held.Count);
        Assert.Equal("true", Held(A1, "currently_member_of_onboarding"));
        Assert.Equal("2026-01-31T09:00:00.000Z", Held(A1, "last_entered_onboarding"));
        Assert.Equal("trial", Held(A1, "current_stage"));
        Assert.Equal("42.5", Held(A1, "health_score"));
        Assert.Null(Held(A1, "cohorts"));
        Assert.Equal("false", Held(A2, "currently_member_of_onboarding"));
        Assert.Null(Held(A2, "last_entered_onboarding"));
        Assert.Equal("2026-02-01T00:00:00.000Z", Held(A2, "current_stage"));
        Assert.Equal("7", Held(A2, "health_score"));
        Assert.Equal("a;b", Held(A2, "cohorts"));
        // The record's id as the caller gave it, so the pusher matches it to its journal row.
        Assert.Equal("false", Held("{" + P1.ToUpperInvariant() + "}", "currently_member_of_onboarding"));

        var accounts = Assert.Single(host.OrgRequests(DataverseTestHost.Api + "accounts"));
        Assert.Equal("GET", accounts.Method);
        Assert.Equal(
            $"?$select=accountid,trig_currently_member_of_onboarding,trig_last_entered_onboarding,trig_current_stage,trig_health_score,trig_cohorts&$filter=accountid eq {A1} or accountid eq {A2}",
            DataverseStub.Query(accounts));
        Assert.Equal("odata.maxpagesize=5000", DataverseTestHost.Header(accounts, "Prefer"));
        Assert.StartsWith("Bearer ", DataverseTestHost.Header(accounts, "Authorization"), StringComparison.Ordinal);
        var contacts = Assert.Single(host.OrgRequests(DataverseTestHost.Api + "contacts"));
        Assert.Equal($"?$select=contactid,trig_currently_member_of_onboarding&$filter=contactid eq {P1}", DataverseStub.Query(contacts));
    }

    [Fact]
    public async Task Read_LeavesOutRecordsDataverseLacks_AndIdsThatAreNotGuidsAreNeverAsked()
    {
        using var host = new DataverseTestHost();
        StubRows(host, "accounts", "accountid", new() { [A1] = new() { ["trig_current_stage"] = "trial" } });

        var held = await host.Sink.ReadAsync(
            [
                new(EntityKind.Organisation, A1, "current_stage", "trial"),
                new(EntityKind.Organisation, Gone, "current_stage", "trial"),
                new(EntityKind.Organisation, "acme-1", "current_stage", "trial"),
            ],
            CancellationToken.None);

        Assert.Equal([new MetadataChange(EntityKind.Organisation, A1, "current_stage", "trial")], held);
        var read = Assert.Single(host.OrgRequests());
        Assert.EndsWith(DataverseTestHost.Api + "accounts", read.Path, StringComparison.Ordinal);
        Assert.Equal([A1, Gone], FilteredIds(read));
    }

    [Fact]
    public async Task Read_NotFound_IsNothingHeld_WhileARefusalThrows()
    {
        using var host = new DataverseTestHost();
        DataverseStub.Get(host.Org, DataverseTestHost.Api + "accounts", _ => DataverseStub.Json(404, WebApiSamples.Error("0x8006088a", "Resource not found for the segment 'accounts'.")));
        DataverseStub.Get(host.Org, DataverseTestHost.Api + "contacts", _ => DataverseStub.Json(400, WebApiSamples.Error("0x80060888", "Could not find a property named 'trig_current_stage' on type 'Microsoft.Dynamics.CRM.contact'.")));

        var none = await host.Sink.ReadAsync([new(EntityKind.Organisation, A1, "current_stage", "trial")], CancellationToken.None);
        var refused = await Assert.ThrowsAsync<DataverseApiException>(() => host.Sink.ReadAsync([new(EntityKind.Person, P1, "current_stage", "trial")], CancellationToken.None));

        Assert.Empty(none);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("0x80060888", refused.Code);
    }

    [Fact]
    public async Task Read_ManyIds_FiftyPerRequest_EachIdAskedOnce()
    {
        using var host = new DataverseTestHost();
        var ids = Enumerable.Range(1, 120).Select(i => $"0a1b2c3d-0000-4000-8000-{i:D12}").ToList();
        StubRows(host, "accounts", "accountid", ids.ToDictionary(id => id, _ => new JsonObject { ["trig_current_stage"] = "trial" }));

        var held = await host.Sink.ReadAsync([.. ids.Select(id => new MetadataChange(EntityKind.Organisation, id, "current_stage", null))], CancellationToken.None);

        Assert.Equal(120, held.Count);
        Assert.All(held, h => Assert.Equal("trial", h.Value));
        var reads = host.OrgRequests(DataverseTestHost.Api + "accounts");
        Assert.Equal(3, reads.Count);
        Assert.Equal([20, 50, 50], reads.Select(r => FilteredIds(r).Count).Order());
        Assert.Equal(ids.Order(), reads.SelectMany(FilteredIds).Order());
        Assert.All(reads, r => Assert.True(r.Url.Length < 8192, $"URL of {r.Url.Length} characters"));
    }

    [Fact]
    public async Task Read_FollowsNextLinkAsReturned_WithTheSamePageSize()
    {
        using var host = new DataverseTestHost(new() { ["Trig:Dataverse:MaxPageSize"] = "1" });
        var next = $"{host.Org.Url}/api/data/v9.2/accounts?$select=accountid,trig_current_stage&$skiptoken=%3Ccookie%20pagenumber=%222%22%20/%3E";
        DataverseStub.Get(host.Org, DataverseTestHost.Api + "accounts", request =>
        {
            var second = DataverseStub.Query(request).Contains("$skiptoken", StringComparison.Ordinal);
            var row = new JsonObject { ["accountid"] = second ? A2 : A1, ["trig_current_stage"] = second ? "onboarding" : "trial" };
            var page = new JsonObject { ["value"] = new JsonArray(row) };
            if (!second)
            {
                page["@odata.nextLink"] = next;
            }

            return DataverseStub.Json(200, page.ToJsonString());
        });

        var held = await host.Sink.ReadAsync(
            [new(EntityKind.Organisation, A1, "current_stage", null), new(EntityKind.Organisation, A2, "current_stage", null)], CancellationToken.None);

        Assert.Equal(["trial", "onboarding"], held.Select(h => h.Value));
        var reads = host.OrgRequests(DataverseTestHost.Api + "accounts");
        Assert.Equal(2, reads.Count);
        Assert.Equal(DataverseTestHost.Logged(next), reads[1].Url);
        Assert.All(reads, r => Assert.Equal("odata.maxpagesize=1", DataverseTestHost.Header(r, "Prefer")));
    }

    [Fact]
    public async Task Read_Throttled_WaitsTheFullRetryAfterOnTheGate_ThenAsksAgain()
    {
        using var host = new DataverseTestHost();
        var reads = 0;
        DataverseStub.Get(host.Org, DataverseTestHost.Api + "accounts", _ => Interlocked.Increment(ref reads) == 1
            ? DataverseStub.Json(429, WebApiSamples.Error("0x80072322", "Number of requests exceeded the limit of 6000 over time window of 300 seconds."), new() { ["Retry-After"] = "30" })
            : DataverseStub.Json(200, $$"""{"value":[{"accountid":"{{A1}}","trig_current_stage":"trial"}]}"""));

        var read = host.Sink.ReadAsync([new(EntityKind.Organisation, A1, "current_stage", null)], CancellationToken.None);

        await WaitUntil(() => host.Gate.BlockedUntil is not null);
        Assert.Equal(host.Time.GetUtcNow().AddSeconds(30), host.Gate.BlockedUntil);
        Assert.Equal(1, Volatile.Read(ref reads));
        host.Time.Advance(TimeSpan.FromSeconds(30));
        var held = await read.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, reads);
        Assert.Equal("trial", Assert.Single(held).Value);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
