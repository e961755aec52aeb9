using System.Text.Json.Nodes;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Testing.Processes;
using Trig.Crm.Testing.Stores;
using Trig.Crm.Testing.Stubs;

namespace Trig.Crm.Worker.Tests.Cli;

/// <summary>
/// <c>trig sync --once</c> with <c>Trig:Crm:Provider=dynamics</c>, run as the built executable, against WireMock for
/// both the Entra authority and the org: columns are created where missing (404 → create → PublishXml), known records
/// get one PATCH each in <c>$batch</c> (with the compact CardView in <c>trig_summary</c>), and a second run that
/// finds nothing new through the delta links sends no PATCH.
/// </summary>
public sealed class DataverseSyncEndToEndTests : IDisposable
{
    private const string Contoso = "11111111-1111-4111-8111-111111111111";
    private const string Fabrikam = "22222222-2222-4222-8222-222222222222";
    private const string Northwind = "33333333-3333-4333-8333-333333333333";
    private const string Litware = "44444444-4444-4444-8444-444444444444";
    private const string Ava = "aaaaaaaa-0000-4000-8000-000000000001";
    private const string Ben = "aaaaaaaa-0000-4000-8000-000000000002";
    private const string Carl = "aaaaaaaa-0000-4000-8000-000000000003";
    private const string Dora = "aaaaaaaa-0000-4000-8000-000000000004";

    private const string Yaml = """
        schema:
          organisation:
            name: string
            revenue: number
          person:
            fullname: string
            emailaddress1: string
        behaviours:
          - key: big_account
            name: Big account
            audience: [ revenue has any value ]
            completion: [ revenue >= 10000 ]
        cohorts:
          - key: reachable_contacts
            name: Reachable contacts
            entity: person
            criteria: [ emailaddress1 has any value ]
        """;

    private readonly TempStore _store = new("dataverse-e2e");
    private readonly DataverseStub _dataverse = new();
    private readonly string _definitions;

    public DataverseSyncEndToEndTests()
    {
        _definitions = Path.Combine(_store.Directory, "lifecycle");
        Directory.CreateDirectory(_definitions);
        File.WriteAllText(Path.Combine(_definitions, "lifecycle.yaml"), Yaml);
        _dataverse.Accounts.AddRange([
            DataverseStub.Account(Contoso, "Contoso", 50000), DataverseStub.Account(Fabrikam, "Fabrikam", 2000),
            DataverseStub.Account(Northwind, "Northwind", null), DataverseStub.Account(Litware, "Litware", 15000)]);
        _dataverse.Contacts.AddRange([
            DataverseStub.Contact(Ava, "Ava Smith", "ava@contoso.example", Contoso), DataverseStub.Contact(Ben, "Ben Jones", null, Fabrikam),
            DataverseStub.Contact(Carl, "Carl Berg", "carl@northwind.example", Northwind), DataverseStub.Contact(Dora, "Dora Lee", "dora@litware.example", Litware)]);
    }

    public void Dispose()
    {
        _dataverse.Dispose();
        _store.Dispose();
    }

    private string[] Args =>
    [
        "sync", "--once",
        "--Trig:Crm:Provider=dynamics",
        $"--Trig:Dataverse:Url={_dataverse.OrgUrl}",
        $"--Trig:Dataverse:AuthorityHost={_dataverse.AuthorityUrl}",
        $"--Trig:Dataverse:TenantId={DataverseStub.TenantId}",
        $"--Trig:Dataverse:ClientId={DataverseStub.ClientId}",
        "--Trig:Dataverse:ClientSecret=dv-secret-value",
        "--Trig:Dataverse:AccountColumns=name,revenue",
        "--Trig:Dataverse:ContactColumns=fullname,emailaddress1",
        _store.Arg,
        $"--Trig:Definitions:Path={_definitions}",
    ];

    [Fact]
    public async Task SyncOnce_CreatesColumnsPatchesKnownRecords_AndASecondRunSendsNoPatch()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var first = await TrigProcess.RunAsync(_store.Directory, Args);
        var after = DateTimeOffset.UtcNow.AddSeconds(1);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("against dynamics", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("pulled: 4 organisations, 4 people, 0 deleted", first.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("dv-secret-value", first.Stdout + first.Stderr, StringComparison.Ordinal);

        // Client credentials against the authority, for the org's scope.
        var token = Assert.Single(_dataverse.TokenRequests).RequestMessage.Body!;
        Assert.Contains("grant_type=client_credentials", token, StringComparison.Ordinal);
        Assert.Contains($"client_id={DataverseStub.ClientId}", token, StringComparison.Ordinal);
        Assert.Contains("scope=" + Uri.EscapeDataString(_dataverse.OrgUrl + "/.default"), token, StringComparison.Ordinal);

        // Full reads with change tracking, following the next link to page 2.
        foreach (var set in new[] { "accounts", "contacts" })
        {
            var reads = _dataverse.Requests("GET", "/api/data/v9.2/" + set).ToList();
            Assert.Equal(2, reads.Count);
            Assert.All(reads, r => Assert.StartsWith("odata.track-changes", r.RequestMessage.Headers!["Prefer"].ToString(), StringComparison.Ordinal));
            Assert.Contains(reads, r => (r.RequestMessage.RawQuery ?? "").Contains("skiptoken", StringComparison.Ordinal));
        }

        // Columns: looked up (404), created in the solution, then one PublishXml for both tables.
        var created = _dataverse.Requests("POST", "/Attributes")
            .Select(e => (Table: e.RequestMessage.Path.Contains("'account'", StringComparison.Ordinal) || Uri.UnescapeDataString(e.RequestMessage.Path).Contains("'account'", StringComparison.Ordinal) ? "account" : "contact",
                Body: JsonNode.Parse(e.RequestMessage.Body!)!, Solution: e.RequestMessage.Headers!["MSCRM.SolutionUniqueName"].ToString()))
            .ToList();
        Assert.All(created, c => Assert.Equal("trig", c.Solution));
        var columns = created.Select(c => $"{c.Table}.{c.Body["SchemaName"]!.GetValue<string>()}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            ["account.trig_currently_member_of_big_account", "account.trig_last_completed_big_account", "account.trig_last_entered_big_account",
             "account.trig_last_exited_big_account", "account.trig_summary",
             "contact.trig_currently_member_of_reachable_contacts", "contact.trig_last_entered_reachable_contacts", "contact.trig_last_exited_reachable_contacts", "contact.trig_summary"],
            columns);
        Assert.Equal(columns.Count, _dataverse.Requests("GET", "/EntityDefinitions(").Count());
        Assert.Equal("Microsoft.Dynamics.CRM.MemoAttributeMetadata", created.First(c => c.Body["SchemaName"]!.GetValue<string>() == "trig_summary").Body["@odata.type"]!.GetValue<string>());
        Assert.Equal("Microsoft.Dynamics.CRM.BooleanAttributeMetadata", created.First(c => c.Body["SchemaName"]!.GetValue<string>() == "trig_currently_member_of_big_account").Body["@odata.type"]!.GetValue<string>());
        var publish = JsonNode.Parse(Assert.Single(_dataverse.Requests("POST", "/PublishXml")).RequestMessage.Body!)!["ParameterXml"]!.GetValue<string>();
        Assert.Equal("<importexportxml><entities><entity>account</entity><entity>contact</entity></entities></importexportxml>", publish);

        // One PATCH per record with memberships; Northwind (no revenue) and Ben (no email) have none.
        var patches = _dataverse.PatchParts();
        Assert.Equal(
            [("accounts", Contoso), ("accounts", Fabrikam), ("accounts", Litware), ("contacts", Ava), ("contacts", Carl), ("contacts", Dora)],
            patches.Select(p => (p.EntitySet, p.Id)).Order());
        var contoso = patches.Single(p => p.Id == Contoso).Body;
        Assert.False(contoso["trig_currently_member_of_big_account"]!.GetValue<bool>());
        Assert.True(AttributeValue.TryParseDateTime(contoso["trig_last_completed_big_account"]!.GetValue<string>(), out var completedAt));
        Assert.InRange(completedAt, before, after);
        Assert.True(patches.Single(p => p.Id == Fabrikam).Body["trig_currently_member_of_big_account"]!.GetValue<bool>());
        Assert.True(patches.Single(p => p.Id == Carl).Body["trig_currently_member_of_reachable_contacts"]!.GetValue<bool>());

        // The card summary: the CardView as compact JSON.
        var summaryText = contoso["trig_summary"]!.GetValue<string>();
        Assert.DoesNotContain("\n", summaryText, StringComparison.Ordinal);
        Assert.StartsWith("{\"entity\":{\"id\":\"" + Contoso + "\"", summaryText, StringComparison.Ordinal);
        var summary = JsonNode.Parse(summaryText)!;
        Assert.Equal("Contoso", summary["entity"]!["name"]!.GetValue<string>());
        Assert.Equal("organisation", summary["entity"]!["kind"]!.GetValue<string>());
        Assert.Equal("don@contoso.example", summary["entity"]!["ownerEmail"]!.GetValue<string>());
        var behaviour = Assert.Single(summary["behaviours"]!.AsArray())!;
        Assert.Equal(("big_account", "completed"), (behaviour["key"]!.GetValue<string>(), behaviour["status"]!.GetValue<string>()));
        Assert.Equal(["entered", "completed"], summary["transitions"]!.AsArray().Select(t => t!["transition"]!.GetValue<string>()).Order(StringComparer.Ordinal).Reverse());

        // Second run: the delta links return nothing new; no columns, no publish, no PATCH.
        _dataverse.ResetLogs();
        var second = await TrigProcess.RunAsync(_store.Directory, Args);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("transitions: 0", second.Stdout, StringComparison.Ordinal);
        Assert.True(second.Stdout.Contains("metadata: 0 properties provisioned, 0 values written, 0 failed (0 requests)", StringComparison.Ordinal), second + "\nFIRST " + summaryText + "\nSECOND " + string.Join("\n", _dataverse.PatchParts().Select(p => p.Body.ToJsonString())));
        Assert.All(_dataverse.Requests("GET", "/api/data/v9.2/accounts"), r => Assert.Contains("$deltatoken", Uri.UnescapeDataString(r.RequestMessage.RawQuery ?? ""), StringComparison.Ordinal));
        Assert.Single(_dataverse.Requests("GET", "/api/data/v9.2/accounts"));
        Assert.Empty(_dataverse.Requests("POST", "/$batch"));
        Assert.Empty(_dataverse.Requests("POST", "/Attributes"));
        Assert.Empty(_dataverse.Requests("POST", "/PublishXml"));
    }
}
