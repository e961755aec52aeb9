using System.Text.Json.Nodes;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Testing.Processes;
using Trig.Crm.Testing.Specs;
using Trig.Crm.Testing.Stores;
using Trig.Crm.Testing.Stubs;
using Trig.Crm.Testing;

namespace Trig.Crm.Worker.Contract.Tests.Cli;

/// <summary>
/// <c>trig sync --once</c> against a HubSpot account on WireMock (two pages of companies and of contacts), run as the
/// built executable: properties are provisioned in group <c>trig</c>, known records get the expected values, and a
/// second run with nothing changed writes nothing.
/// </summary>
public sealed class HubSpotSyncEndToEndTests : IDisposable
{
    private readonly TempStore _store = new("hubspot-e2e");
    private readonly HubSpotStub _hubspot = new();
    private readonly string _definitions;

    public HubSpotSyncEndToEndTests()
    {
        _definitions = FixtureLifecycle.WriteTo(_store.Directory);
        _hubspot.Companies["101"] = new() { ["name"] = "Acme Labs", ["domain"] = "acme.example", ["lifecyclestage"] = "customer", ["annualrevenue"] = "50000", ["hubspot_owner_id"] = "41629779" };
        _hubspot.Companies["102"] = new() { ["name"] = "Beta Works", ["domain"] = "beta.example", ["lifecyclestage"] = "lead", ["annualrevenue"] = "500" };
        _hubspot.Companies["103"] = new() { ["name"] = "Gamma Cloud", ["domain"] = "gamma.example", ["lifecyclestage"] = "customer", ["annualrevenue"] = "" };
        _hubspot.Companies["104"] = new() { ["name"] = "Delta Foods", ["domain"] = "delta.example", ["lifecyclestage"] = "opportunity", ["annualrevenue"] = "20000" };
        _hubspot.Contacts["201"] = new() { ["email"] = "ava@acme.example", ["firstname"] = "Ava" };
        _hubspot.Contacts["202"] = new() { ["email"] = "ben@beta.example", ["firstname"] = "Ben" };
        _hubspot.Contacts["203"] = new() { ["email"] = "", ["firstname"] = "Cleo" };
        _hubspot.Contacts["204"] = new() { ["email"] = "dan@delta.example", ["firstname"] = "Dan" };
        foreach (var (contact, company) in new[] { ("201", "101"), ("202", "102"), ("203", "103"), ("204", "104") })
        {
            _hubspot.PrimaryCompany[contact] = company;
        }
    }

    public void Dispose()
    {
        _hubspot.Dispose();
        _store.Dispose();
    }

    private string[] Args =>
    [
        "sync", "--once",
        "--Trig:Crm:Provider=hubspot",
        $"--Trig:HubSpot:AccessToken={HubSpotStub.Token}",
        $"--Trig:HubSpot:BaseUrl={_hubspot.Url}",
        "--Trig:HubSpot:PortalId=7654321",
        "--Trig:HubSpot:CompanyProperties=name,domain,lifecyclestage,arr:annualrevenue",
        "--Trig:HubSpot:Mapping:companies:annualrevenue=number",
        "--Trig:HubSpot:ContactProperties=email,firstname",
        _store.Arg,
        $"--Trig:Definitions:Path={_definitions}",
    ];

    [Fact]
    public async Task SyncOnce_ProvisionsPushesKnownValues_AndASecondRunWritesNothing()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var first = await TrigProcess.RunAsync(_store.Directory, Args);
        var after = DateTimeOffset.UtcNow.AddSeconds(1);
        Assert.True(first.ExitCode == 0, first.ToString());

        // The summary: both pages of both object types were read.
        Assert.Contains("against hubspot", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("pulled: 4 organisations, 4 people, 0 deleted", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("evaluated: 8 entities", first.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"metadata: 10 properties provisioned, \d+ values written, 0 failed", first.Stdout);

        // Paging: the first page, then the page after the cursor, for companies and contacts; every call carries the token.
        foreach (var type in new[] { "companies", "contacts" })
        {
            var lists = _hubspot.RequestsTo("GET", $"/crm/v3/objects/{type}").Where(e => e.RequestMessage.Query!["archived"].ToString() == "false").ToList();
            Assert.Equal(2, lists.Count);
            Assert.Contains(lists, e => e.RequestMessage.Query!.ContainsKey("after") && e.RequestMessage.Query["after"].ToString() == "2");
        }

        Assert.All(_hubspot.Requests, e => Assert.Equal($"Bearer {HubSpotStub.Token}", e.RequestMessage.Headers!["Authorization"].ToString()));

        // The property group "trig" and the properties, with HubSpot types.
        var groups = _hubspot.RequestsTo("POST", "/groups").Select(e => JsonNode.Parse(e.RequestMessage.Body!)!).ToList();
        Assert.Equal(2, groups.Count);
        Assert.All(groups, g => Assert.Equal("trig", g["name"]!.GetValue<string>()));
        var created = _hubspot.RequestsTo("POST", "/batch/create")
            .SelectMany(e => JsonNode.Parse(e.RequestMessage.Body!)!["inputs"]!.AsArray().Select(i => (Path: e.RequestMessage.Path, Input: i!)))
            .ToDictionary(x => x.Input["name"]!.GetValue<string>(), x => x);
        Assert.Equal(
            ["trig_currently_member_of_big_account", "trig_currently_member_of_paying_customers", "trig_currently_member_of_reachable_contacts",
             "trig_last_completed_big_account", "trig_last_entered_big_account", "trig_last_entered_paying_customers", "trig_last_entered_reachable_contacts",
             "trig_last_exited_big_account", "trig_last_exited_paying_customers", "trig_last_exited_reachable_contacts"],
            created.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("bool", created["trig_currently_member_of_big_account"].Input["type"]!.GetValue<string>());
        Assert.Equal("booleancheckbox", created["trig_currently_member_of_big_account"].Input["fieldType"]!.GetValue<string>());
        Assert.Equal("datetime", created["trig_last_completed_big_account"].Input["type"]!.GetValue<string>());
        Assert.All(created.Values, c => Assert.Equal("trig", c.Input["groupName"]!.GetValue<string>()));
        Assert.EndsWith("/crm/v3/properties/contacts/batch/create", created["trig_currently_member_of_reachable_contacts"].Path, StringComparison.Ordinal);
        Assert.EndsWith("/crm/v3/properties/companies/batch/create", created["trig_currently_member_of_paying_customers"].Path, StringComparison.Ordinal);

        // Values: Acme (customer, 50k) completed big_account and is a paying customer; Gamma (customer, no ARR) is in
        // big_account still; Delta (opportunity, 20k) completed it and is no customer; Beta (lead) has nothing to write.
        var companies = _hubspot.UpdateInputs("companies").ToDictionary(i => i.Id, i => i.Properties);
        Assert.Equal(["101", "103", "104"], companies.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("false", companies["101"]["trig_currently_member_of_big_account"]);
        Assert.InRange(Time(companies["101"]["trig_last_completed_big_account"]), before, after);
        Assert.Equal("true", companies["101"]["trig_currently_member_of_paying_customers"]);
        Assert.InRange(Time(companies["101"]["trig_last_entered_paying_customers"]), before, after);
        Assert.Equal("true", companies["103"]["trig_currently_member_of_big_account"]);
        Assert.Equal("true", companies["103"]["trig_currently_member_of_paying_customers"]);
        Assert.False(companies["103"].ContainsKey("trig_last_completed_big_account") && companies["103"]["trig_last_completed_big_account"].Length > 0);
        Assert.Equal("false", companies["104"]["trig_currently_member_of_big_account"]);
        Assert.DoesNotContain("trig_currently_member_of_paying_customers", companies["104"].Keys);

        var contacts = _hubspot.UpdateInputs("contacts").ToDictionary(i => i.Id, i => i.Properties);
        Assert.Equal(["201", "202", "204"], contacts.Keys.Order(StringComparer.Ordinal));
        Assert.All(contacts.Values, p => Assert.Equal("true", p["trig_currently_member_of_reachable_contacts"]));

        // Every request the connector made is an operation of the official spec, with a conforming body.
        AssertConformsToSpec();

        // Second run, nothing changed in HubSpot: an incremental search, no property creates, no writes.
        _hubspot.ResetLog();
        var second = await TrigProcess.RunAsync(_store.Directory, Args);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("transitions: 0", second.Stdout, StringComparison.Ordinal);
        Assert.Contains("metadata: 0 properties provisioned, 0 values written, 0 failed (0 requests)", second.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, _hubspot.RequestsTo("POST", "/search").Count());
        Assert.Empty(_hubspot.RequestsTo("POST", "/batch/update"));
        Assert.Empty(_hubspot.RequestsTo("POST", "/batch/create"));
        Assert.Empty(_hubspot.RequestsTo("POST", "/groups"));
        AssertConformsToSpec();

        // Third run: Beta became a 30k customer in HubSpot. The search finds it, and only Beta is written.
        _hubspot.Companies["102"]["lifecyclestage"] = "customer";
        _hubspot.Companies["102"]["annualrevenue"] = "30000";
        _hubspot.ChangedCompanies["102"] = true;
        _hubspot.ResetLog();
        var third = await TrigProcess.RunAsync(_store.Directory, Args);
        Assert.True(third.ExitCode == 0, third.ToString());
        Assert.Contains("pulled: 1 organisations, 0 people", third.Stdout, StringComparison.Ordinal);
        var search = JsonNode.Parse(_hubspot.RequestsTo("POST", "/crm/v3/objects/companies/search").First().RequestMessage.Body!)!;
        var filter = search["filterGroups"]![0]!["filters"]![0]!;
        Assert.Equal(("hs_lastmodifieddate", "GTE"), (filter["propertyName"]!.GetValue<string>(), filter["operator"]!.GetValue<string>()));
        var updated = _hubspot.UpdateInputs("companies");
        var beta = Assert.Single(updated);
        Assert.Equal("102", beta.Id);
        Assert.Equal("false", beta.Properties["trig_currently_member_of_big_account"]);
        Assert.Equal("true", beta.Properties["trig_currently_member_of_paying_customers"]);
        Assert.Empty(_hubspot.UpdateInputs("contacts"));
        AssertConformsToSpec();
    }

    /// <summary>Every request of the run conforms to HubSpot's spec: an extra check, made where the specs are available (TRIG_SPECS_DIR).</summary>
    private void AssertConformsToSpec()
    {
        if (VendorSpecs.Available("hubspot"))
        {
            VendorConformance.HubSpot.AssertAll(_hubspot.Requests);
        }
    }

    [Fact]
    public async Task SyncOnce_WithoutAccessToken_FailsWithOneLineNamingTheSetting()
    {
        var result = await TrigProcess.RunAsync(_store.Directory, Args.Where(a => !a.StartsWith("--Trig:HubSpot:AccessToken", StringComparison.Ordinal)));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Trig:HubSpot:AccessToken", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Empty(_hubspot.Requests);
    }

    private static DateTimeOffset Time(string value) =>
        AttributeValue.TryParseDateTime(value, out var t) ? t : throw new Xunit.Sdk.XunitException($"'{value}' is not a datetime");
}
