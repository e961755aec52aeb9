using System.Text.Json.Nodes;
using Trig.Crm.Dynamics.Source;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using static Trig.Crm.Dynamics.Tests.WebApiSamples;
using Trig.Crm.Testing.Stubs;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Dynamics.Tests;

public sealed class CrmSourceTests
{
    private const string AccountSelect = "name,revenue,_ownerid_value,modifiedon";
    private const string ContactSelect = "fullname,emailaddress1,_parentcustomerid_value,_ownerid_value,modifiedon";
    private const string A1 = "e86748d4-a44a-4982-8bcc-ec00be9db6cd";
    private const string A2 = "0a1b2c3d-0000-4000-8000-000000000002";
    private const string A3 = "0a1b2c3d-0000-4000-8000-000000000003";
    private const string A4 = "0a1b2c3d-0000-4000-8000-000000000004";
    private const string A5 = "0a1b2c3d-0000-4000-8000-000000000005";
    private const string C1 = "59c45a50-59a5-e511-80f0-3863bb2e34f8";
    private const string C2 = "59c45a50-59a5-e511-80f0-000000000002";

    [Fact]
    public async Task FullPull_FollowsNextLinksExactlyWithSamePreferAndODataHeaders()
    {
        using var host = new DataverseTestHost(new() { ["Trig:Dataverse:MaxPageSize"] = "2", ["Trig:Dataverse:UseChangeTracking"] = "false" });
        var org = host.Org.Url!;
        var next2 = NextLink(org, "accounts", AccountSelect, 2);
        var next3 = NextLink(org, "accounts", AccountSelect, 3);
        DataverseStub.Get(host.Org, DataverseTestHost.Api + "accounts", r => DataverseStub.Query(r) switch
        {
            var q when q.Contains("pagenumber=\"2\"") => DataverseStub.Json(200, Page(org, "accounts", [Account(A3, "Fabrikam", 5, "2026-01-05T08:00:00Z"), Account(A4, "Tailspin", 0, "2026-01-04T08:00:00Z")], next3)),
            var q when q.Contains("pagenumber=\"3\"") => DataverseStub.Json(200, Page(org, "accounts", [Account(A5, "Team owned", null, "2026-01-02T08:00:00Z", OwnerTeamId, "team")])),
            _ => DataverseStub.Json(200, Page(org, "accounts", [Account(A1, "Contoso", 120000, "2026-01-09T15:03:39Z"), Account(A2, "Northwind", 1.5, "2026-01-03T08:00:00Z")], next2)),
        });
        DataverseStub.Get(host.Org, DataverseTestHost.Api + "contacts", _ => DataverseStub.Json(200, Page(org, "contacts",
            [Contact(C1, "Dana Reyes", "dana@contoso.com", A1), Contact(C2, "Sam Child", null, C1, parentType: "contact")])));
        DataverseStub.Get(host.Org, DataverseTestHost.Api + $"systemusers({OwnerUserId})", _ => DataverseStub.Json(200, SystemUser(OwnerUserId, "don.testuser@contoso.com")));
        var target = new InMemoryPullTarget();

        var summary = await host.Source.PullAsync(target, new CrmPullRequest(Full: true), CancellationToken.None);

        var accountGets = host.OrgRequests("/accounts");
        Assert.Equal(3, accountGets.Count);
        Assert.Equal($"?$select={AccountSelect}", Uri.UnescapeDataString(accountGets[0].RawQuery!));
        Assert.Equal(DataverseTestHost.Logged(next2), accountGets[1].AbsoluteUrl);
        Assert.Equal(DataverseTestHost.Logged(next3), accountGets[2].AbsoluteUrl);
        Assert.All(host.OrgRequests(), r =>
        {
            Assert.Equal("application/json", DataverseTestHost.Header(r, "Accept"));
            Assert.Equal("4.0", DataverseTestHost.Header(r, "OData-MaxVersion"));
            Assert.Equal("4.0", DataverseTestHost.Header(r, "OData-Version"));
            Assert.Equal("null", DataverseTestHost.Header(r, "If-None-Match"));
            Assert.StartsWith("Bearer ", DataverseTestHost.Header(r, "Authorization"));
        });
        Assert.All(accountGets.Concat(host.OrgRequests("/contacts")), r =>
            Assert.Equal("odata.maxpagesize=2,odata.include-annotations=\"*\"", DataverseTestHost.Header(r, "Prefer")));

        Assert.Equal(new CrmPullSummary(5, 2, 0, 5, []), summary with { Notes = [] });
        Assert.Single(host.OrgRequests("/systemusers(" + OwnerUserId + ")"));

        var contoso = target.Records[(EntityKind.Organisation, A1)];
        Assert.Equal(AttributeValue.Of("Contoso"), contoso.Attributes["name"]);
        Assert.Equal(AttributeValue.Of(120000d), contoso.Attributes["revenue"]);
        Assert.Equal(AttributeValue.Of(new DateTimeOffset(2026, 1, 9, 15, 3, 39, TimeSpan.Zero)), contoso.Attributes["modifiedon"]);
        Assert.Equal(AttributeValue.Of(OwnerUserId), contoso.Attributes["_ownerid_value"]);
        Assert.Equal("don.testuser@contoso.com", contoso.OwnerEmail);
        Assert.Equal($"{org}/main.aspx?pagetype=entityrecord&etn=account&id={A1}", contoso.RecordUrl);

        var teamOwned = target.Records[(EntityKind.Organisation, A5)];
        Assert.Null(teamOwned.OwnerEmail);
        Assert.True(teamOwned.Attributes["revenue"].IsNone);

        var dana = target.Records[(EntityKind.Person, C1)];
        Assert.Equal(A1, dana.OrganisationId);
        Assert.Equal(AttributeValue.Of("dana@contoso.com"), dana.Attributes["emailaddress1"]);
        Assert.Equal($"{org}/main.aspx?pagetype=entityrecord&etn=contact&id={C1}", dana.RecordUrl);
        Assert.False(dana.Attributes.ContainsKey("modifiedon"));
        var child = target.Records[(EntityKind.Person, C2)];
        Assert.Null(child.OrganisationId);
        Assert.True(child.Attributes["emailaddress1"].IsNone);

        Assert.Equal("2026-01-09T15:03:39.000Z", target.Checkpoints[DataverseCrmSource.ModifiedOnKey("account")]);
    }

    [Fact]
    public async Task DeltaLink_FirstRunStoresIt_SecondRunUsesItAndAppliesDeletions()
    {
        using var host = new DataverseTestHost(new() { ["Trig:Dataverse:MaxPageSize"] = "100" });
        var org = host.Org.Url!;
        var delta1 = DeltaLink(org, "accounts", AccountSelect, "919042%2108%2f22%2f2017%2008%3a10%3a44");
        var delta2 = DeltaLink(org, "accounts", AccountSelect, "919058%2108%2f22%2f2017%2008%3a20%3a01");
        var contactsDelta = DeltaLink(org, "contacts", ContactSelect, "919042%2108%2f22%2f2017%2008%3a10%3a45");
        DataverseStub.Get(host.Org, DataverseTestHost.Api + "accounts", r => DataverseStub.Query(r).Contains("$deltatoken=919042")
            ? DataverseStub.Json(200, Page(org, "accounts", [Account(A2, "Northwind Traders", 2, "2026-01-10T08:00:00Z"), Deleted("accounts", A1)], deltaLink: delta2))
            : DataverseStub.Json(200, Page(org, "accounts", [Account(A1, "Contoso", 1, "2026-01-09T15:03:39Z"), Account(A2, "Northwind", 1, "2026-01-03T08:00:00Z")], deltaLink: delta1)));
        DataverseStub.Get(host.Org, DataverseTestHost.Api + "contacts", _ => DataverseStub.Json(200, Page(org, "contacts", [], deltaLink: contactsDelta)));
        DataverseStub.Get(host.Org, DataverseTestHost.Api + $"systemusers({OwnerUserId})", _ => DataverseStub.Json(200, SystemUser(OwnerUserId, "don@contoso.com")));
        var target = new InMemoryPullTarget();

        await host.Source.PullAsync(target, new CrmPullRequest(), CancellationToken.None);

        Assert.Equal(delta1, target.Checkpoints[DataverseCrmSource.DeltaLinkKey("account")]);
        Assert.Equal(contactsDelta, target.Checkpoints[DataverseCrmSource.DeltaLinkKey("contact")]);
        var first = host.OrgRequests("/accounts")[0];
        Assert.Equal("odata.track-changes,odata.maxpagesize=100,odata.include-annotations=\"*\"", DataverseTestHost.Header(first, "Prefer"));
        Assert.Equal(2, target.Records.Count);

        var summary = await host.Source.PullAsync(target, new CrmPullRequest(), CancellationToken.None);

        var second = host.OrgRequests("/accounts")[1];
        Assert.Equal(DataverseTestHost.Logged(delta1), second.AbsoluteUrl);
        Assert.Equal([(EntityKind.Organisation, A1)], target.Deleted);
        Assert.False(target.Records.ContainsKey((EntityKind.Organisation, A1)));
        Assert.Equal(AttributeValue.Of("Northwind Traders"), target.Records[(EntityKind.Organisation, A2)].Attributes["name"]);
        Assert.Equal(delta2, target.Checkpoints[DataverseCrmSource.DeltaLinkKey("account")]);
        Assert.Equal(1, summary.Deleted);
        Assert.Equal(1, summary.Organisations);
    }

    [Fact]
    public async Task DeltaLink_Expired_FallsBackToFullRead()
    {
        using var host = new DataverseTestHost();
        var org = host.Org.Url!;
        var stale = DeltaLink(org, "accounts", AccountSelect, "1000%2101%2f01%2f2025%2000%3a00%3a00");
        var fresh = DeltaLink(org, "accounts", AccountSelect, "2000%2101%2f10%2f2026%2009%3a00%3a00");
        DataverseStub.Get(host.Org, DataverseTestHost.Api + "accounts", r => DataverseStub.Query(r).Contains("$deltatoken=1000")
            ? DataverseStub.Json(400, Error("0x80044352", "Version stamp associated with the client has expired. Please perform a full sync."))
            : DataverseStub.Json(200, Page(org, "accounts", [Account(A1, "Contoso", 1, "2026-01-09T15:03:39Z"), Account(A3, "Fabrikam", 3, "2026-01-05T08:00:00Z")], deltaLink: fresh)));
        DataverseStub.Get(host.Org, DataverseTestHost.Api + "contacts", _ => DataverseStub.Json(200, Page(org, "contacts", [])));
        DataverseStub.Get(host.Org, DataverseTestHost.Api + $"systemusers({OwnerUserId})", _ => DataverseStub.Json(200, SystemUser(OwnerUserId, "don@contoso.com")));
        var target = new InMemoryPullTarget();
        target.Checkpoints[DataverseCrmSource.DeltaLinkKey("account")] = stale;

        var summary = await host.Source.PullAsync(target, new CrmPullRequest(), CancellationToken.None);

        var gets = host.OrgRequests("/accounts");
        Assert.Equal(2, gets.Count);
        Assert.Equal(DataverseTestHost.Logged(stale), gets[0].AbsoluteUrl);
        Assert.Equal($"?$select={AccountSelect}", Uri.UnescapeDataString(gets[1].RawQuery!));
        Assert.StartsWith("odata.track-changes,", DataverseTestHost.Header(gets[1], "Prefer"));
        Assert.Equal(2, target.Records.Count(r => r.Key.Item1 == EntityKind.Organisation));
        Assert.Equal(fresh, target.Checkpoints[DataverseCrmSource.DeltaLinkKey("account")]);
        Assert.Contains(summary.Notes, n => n.Contains("0x80044352", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ChangeTrackingRefused_FallsBackToModifiedOnFilterFromCheckpoint()
    {
        using var host = new DataverseTestHost();
        var org = host.Org.Url!;
        DataverseStub.Get(host.Org, DataverseTestHost.Api + "accounts", r =>
            DataverseTestHost.Header(r, "Prefer")!.Contains("track-changes", StringComparison.Ordinal)
                ? DataverseStub.Json(400, Error("0x80060888", "Change tracking is not enabled for the entity account."))
                : DataverseStub.Query(r).Contains("$filter=modifiedon gt")
                    ? DataverseStub.Json(200, Page(org, "accounts", [Account(A3, "Fabrikam", 3, "2026-01-10T08:30:00Z")]))
                    : DataverseStub.Json(200, Page(org, "accounts", [Account(A1, "Contoso", 1, "2026-01-09T15:03:39Z")])));
        DataverseStub.Get(host.Org, DataverseTestHost.Api + "contacts", _ => DataverseStub.Json(200, Page(org, "contacts", [], deltaLink: DeltaLink(org, "contacts", ContactSelect, "5"))));
        DataverseStub.Get(host.Org, DataverseTestHost.Api + $"systemusers({OwnerUserId})", _ => DataverseStub.Json(200, SystemUser(OwnerUserId, "don@contoso.com")));
        var target = new InMemoryPullTarget();

        await host.Source.PullAsync(target, new CrmPullRequest(), CancellationToken.None);
        Assert.Equal("off", target.Checkpoints[DataverseCrmSource.TrackingKey("account")]);
        Assert.Equal("2026-01-09T15:03:39.000Z", target.Checkpoints[DataverseCrmSource.ModifiedOnKey("account")]);

        await host.Source.PullAsync(target, new CrmPullRequest(), CancellationToken.None);

        var last = host.OrgRequests("/accounts")[^1];
        Assert.Equal($"?$select={AccountSelect}&$filter=modifiedon gt 2026-01-09T15:03:39.000Z&$orderby=modifiedon asc", DataverseStub.Query(last));
        Assert.DoesNotContain("track-changes", DataverseTestHost.Header(last, "Prefer"), StringComparison.Ordinal);
        Assert.True(target.Records.ContainsKey((EntityKind.Organisation, A3)));
        Assert.Equal("2026-01-10T08:30:00.000Z", target.Checkpoints[DataverseCrmSource.ModifiedOnKey("account")]);
    }

    [Fact]
    public async Task Only_ReadsExactlyTheListedRecords_AndDeletesThoseNotReturned()
    {
        using var host = new DataverseTestHost();
        var org = host.Org.Url!;
        DataverseStub.Get(host.Org, DataverseTestHost.Api + "accounts", _ => DataverseStub.Json(200, Page(org, "accounts", [Account(A1, "Contoso", 1, "2026-01-09T15:03:39Z")])));
        DataverseStub.Get(host.Org, DataverseTestHost.Api + $"systemusers({OwnerUserId})", _ => DataverseStub.Json(200, SystemUser(OwnerUserId, "don@contoso.com")));
        var target = new InMemoryPullTarget();

        var summary = await host.Source.PullAsync(target, new CrmPullRequest(Only: [new(EntityKind.Organisation, A1), new(EntityKind.Organisation, A2)]), CancellationToken.None);

        var get = Assert.Single(host.OrgRequests("/accounts"));
        Assert.Equal($"?$select={AccountSelect}&$filter=accountid eq {A1} or accountid eq {A2}", DataverseStub.Query(get));
        Assert.Empty(host.OrgRequests("/contacts"));
        Assert.True(target.Records.ContainsKey((EntityKind.Organisation, A1)));
        Assert.Equal([(EntityKind.Organisation, A2)], target.Deleted);
        Assert.Empty(target.Checkpoints);
        Assert.Equal(1, summary.Organisations);
        Assert.Equal(1, summary.Deleted);
    }

    [Fact]
    public async Task ColumnTypes_LabelUsesFormattedValue()
    {
        using var host = new DataverseTestHost(new()
        {
            ["Trig:Dataverse:AccountColumns"] = "name,industrycode",
            ["Trig:Dataverse:ColumnTypes:industrycode"] = "label",
        });
        var org = host.Org.Url!;
        var row = Account(A1, "Contoso", 1, "2026-01-09T15:03:39Z");
        row["industrycode"] = 7;
        row["industrycode@OData.Community.Display.V1.FormattedValue"] = "Consulting";
        DataverseStub.Get(host.Org, DataverseTestHost.Api + "accounts", _ => DataverseStub.Json(200, Page(org, "accounts", [row])));
        DataverseStub.Get(host.Org, DataverseTestHost.Api + "contacts", _ => DataverseStub.Json(200, Page(org, "contacts", [])));
        DataverseStub.Get(host.Org, DataverseTestHost.Api + $"systemusers({OwnerUserId})", _ => DataverseStub.Json(200, SystemUser(OwnerUserId, "don@contoso.com")));
        var target = new InMemoryPullTarget();

        await host.Source.PullAsync(target, new CrmPullRequest(Full: true), CancellationToken.None);

        var contoso = target.Records[(EntityKind.Organisation, A1)];
        Assert.Equal(AttributeValue.Of("Consulting"), contoso.Attributes["industrycode"]);
        Assert.Equal(["name", "industrycode"], contoso.Attributes.Keys.Order(StringComparer.Ordinal).Reverse());
        Assert.Equal("?$select=name,industrycode,_ownerid_value,modifiedon", Uri.UnescapeDataString(host.OrgRequests("/accounts")[0].RawQuery!));
    }
}
