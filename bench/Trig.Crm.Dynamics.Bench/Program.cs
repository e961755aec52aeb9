using Microsoft.Extensions.Hosting;
// Console harness: (a) requests per changed record when pushing N changed records through $batch,
// (b) wall time of a full pull of M accounts from a loopback WireMock org, 5000 per page.
// Usage: dotnet run -c Release --project bench/Trig.Crm.Dynamics.Bench -- [--changes 10000] [--accounts 50000] [--page 5000]
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Trig.Crm.Dynamics;
using Trig.Crm.Dynamics.Sink;
using Trig.Crm.Dynamics.Source;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

var changed = Arg("--changes", 10_000);
var accounts = Arg("--accounts", 50_000);
var pageSize = Arg("--page", 5000);

using var authority = WireMockServer.Start();
using var org = WireMockServer.Start();
authority.Given(Request.Create().WithPath("/bench-tenant/oauth2/v2.0/token").UsingPost())
    .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
        .WithBody("""{"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"bench-token"}"""));

var settings = new Dictionary<string, string?>
{
    ["Trig:Dataverse:Url"] = org.Url,
    ["Trig:Dataverse:AuthorityHost"] = authority.Url,
    ["Trig:Dataverse:TenantId"] = "bench-tenant",
    ["Trig:Dataverse:ClientId"] = "bench-client",
    ["Trig:Dataverse:ClientSecret"] = "bench-secret",
    ["Trig:Dataverse:MaxPageSize"] = pageSize.ToString(CultureInfo.InvariantCulture),
};
var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
builder.Configuration.AddInMemoryCollection(settings);
builder.AddTrigDynamics();
await using var sp = builder.Services.BuildServiceProvider();

// (a) push
org.Given(Request.Create().WithPath("/api/data/v9.2/$batch").UsingPost()).RespondWith(Response.Create().WithCallback(r =>
{
    var body = r.BodyAsBytes is { } b ? Encoding.UTF8.GetString(b) : r.Body ?? "";
    var parts = Regex.Count(body, "^PATCH ", RegexOptions.Multiline);
    var sb = new StringBuilder();
    for (var i = 0; i < parts; i++)
    {
        sb.Append("--batchresponse_bench\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\nHTTP/1.1 204 No Content\r\nOData-Version: 4.0\r\n\r\n\r\n");
    }

    sb.Append("--batchresponse_bench--\r\n");
    return new ResponseMessage
    {
        StatusCode = 200,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("multipart/mixed; boundary=batchresponse_bench") },
        BodyData = new BodyData { BodyAsString = sb.ToString(), DetectedBodyType = BodyType.String },
    };
}));
var changes = Enumerable.Range(0, changed).SelectMany(i =>
{
    var id = new Guid(i, 0, 0, new byte[8]).ToString("D");
    return new MetadataChange[]
    {
        new(EntityKind.Organisation, id, "currently_member_of_onboarding", "true"),
        new(EntityKind.Organisation, id, "last_entered_onboarding", "2026-01-31T09:00:00.000Z"),
    };
}).ToArray();
var sink = sp.GetRequiredService<DataverseMetadataSink>();
var sw = Stopwatch.StartNew();
var push = await sink.PushAsync(changes, CancellationToken.None);
sw.Stop();
var batchCalls = org.LogEntries.Count(e => e.RequestMessage.Path.EndsWith("$batch", StringComparison.Ordinal));
Console.WriteLine($"push: {changed} changed records ({changes.Length} column changes) -> {push.Requests} $batch requests (seen by server: {batchCalls}), " +
    $"{(double)push.Requests / changed:0.0000} requests per changed record, written {push.Written.Count}, failed {push.Failed.Count}, {sw.Elapsed.TotalMilliseconds:0} ms");

// (b) full pull
var pages = (accounts + pageSize - 1) / pageSize;
var bodies = new string[pages];
for (var p = 0; p < pages; p++)
{
    var rows = new JsonArray();
    for (var i = p * pageSize; i < Math.Min(accounts, (p + 1) * pageSize); i++)
    {
        var owner = new Guid(1_000_000 + (i % 20), 0, 0, new byte[8]).ToString("D");
        rows.Add(new JsonObject
        {
            ["@odata.etag"] = "W/\"2972889500\"",
            ["accountid"] = new Guid(i, 1, 1, new byte[8]).ToString("D"),
            ["name"] = $"Account {i}",
            ["revenue@OData.Community.Display.V1.FormattedValue"] = $"${i * 10:N2}",
            ["revenue"] = i * 10,
            ["_ownerid_value@OData.Community.Display.V1.FormattedValue"] = $"Owner {i % 20}",
            ["_ownerid_value@Microsoft.Dynamics.CRM.associatednavigationproperty"] = "owninguser",
            ["_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname"] = "systemuser",
            ["_ownerid_value"] = owner,
            ["modifiedon@OData.Community.Display.V1.FormattedValue"] = "1/9/2026 3:03 PM",
            ["modifiedon"] = "2026-01-09T15:03:39Z",
        });
    }

    var page = new JsonObject { ["@odata.context"] = $"{org.Url}/api/data/v9.2/$metadata#accounts(name,revenue,_ownerid_value,modifiedon)", ["value"] = rows };
    if (p + 1 < pages)
    {
        page["@odata.nextLink"] = $"{org.Url}/api/data/v9.2/accounts?$select=name,revenue,_ownerid_value,modifiedon&$skiptoken=%3Ccookie%20pagenumber=%22{p + 2}%22%20istracking=%22False%22%20/%3E";
    }
    else
    {
        page["@odata.deltaLink"] = $"{org.Url}/api/data/v9.2/accounts?$select=name,revenue,_ownerid_value,modifiedon&$deltatoken=919042%2108%2f22%2f2017%2008%3a10%3a44";
    }

    bodies[p] = page.ToJsonString();
}

ResponseMessage Json(string body) => new()
{
    StatusCode = 200,
    Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json; odata.metadata=minimal") },
    BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String },
};
org.Given(Request.Create().WithPath("/api/data/v9.2/accounts").UsingGet()).RespondWith(Response.Create().WithCallback(r =>
{
    var m = Regex.Match(Uri.UnescapeDataString(r.RawQuery ?? ""), "pagenumber=\"(\\d+)\"");
    return Json(bodies[m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) - 1 : 0]);
}));
org.Given(Request.Create().WithPath("/api/data/v9.2/contacts").UsingGet()).RespondWith(Response.Create().WithCallback(_ =>
    Json($$"""{"@odata.context":"{{org.Url}}/api/data/v9.2/$metadata#contacts","value":[]}""")));
org.Given(Request.Create().WithPath("/api/data/v9.2/systemusers*").UsingGet()).RespondWith(Response.Create().WithCallback(r =>
    Json($$"""{"internalemailaddress":"owner-{{r.Path.GetHashCode(StringComparison.Ordinal) & 0xffff}}@contoso.com"}""")));

var source = sp.GetRequiredService<DataverseCrmSource>();
var target = new MemoryTarget();
sw.Restart();
var summary = await source.PullAsync(target, new CrmPullRequest(Full: true), CancellationToken.None);
sw.Stop();
Console.WriteLine($"pull: {summary.Organisations} accounts in {pages} pages of {pageSize} (+{summary.Requests - pages} other requests: contacts, owner look-ups) " +
    $"in {sw.Elapsed.TotalMilliseconds:0} ms = {summary.Organisations / sw.Elapsed.TotalSeconds:0} records/s; stored {target.Count}, owners with email {target.WithOwner}");

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

internal sealed class MemoryTarget : ICrmPullTarget
{
    private readonly Dictionary<string, CrmRecord> _records = [];
    private readonly Dictionary<string, string> _checkpoints = [];

    public int Count => _records.Count;

    public int WithOwner => _records.Values.Count(r => r.OwnerEmail is not null);

    public Task UpsertAsync(IReadOnlyList<CrmRecord> records, CancellationToken cancellationToken)
    {
        foreach (var r in records)
        {
            _records[r.Id] = r;
        }

        return Task.CompletedTask;
    }

    public Task DeleteAsync(EntityKind kind, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        foreach (var id in ids)
        {
            _records.Remove(id);
        }

        return Task.CompletedTask;
    }

    public Task<string?> GetCheckpointAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(_checkpoints.TryGetValue(key, out var v) ? v : null);

    public Task SetCheckpointAsync(string key, string value, CancellationToken cancellationToken)
    {
        _checkpoints[key] = value;
        return Task.CompletedTask;
    }
}
