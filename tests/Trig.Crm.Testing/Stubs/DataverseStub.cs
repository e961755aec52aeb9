using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using WireMock;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace Trig.Crm.Testing.Stubs;

/// <summary>
/// Dataverse on WireMock. An instance is an org and its Microsoft Entra authority on two WireMock servers, in the
/// shapes of the Web API v9.2 (dataverse/ of the vendors' specs): client-credentials tokens, account/contact pages with <c>@odata.nextLink</c> and a
/// change-tracking <c>@odata.deltaLink</c>, systemusers, column definitions (404 until created; a table's custom
/// columns listed with their <c>AttributeType</c>), PublishXml and
/// <c>$batch</c> (each part answered 204). The static members (<see cref="Json"/>, <see cref="Get"/>,
/// <see cref="Query"/>) answer org requests from a callback for tests that script a WireMock server themselves
/// (routing on the raw query, as Dataverse links are opaque). Given a <see cref="RollingWindowLimit"/>, it keeps the
/// service protection limit on requests: every authenticated org request counts (a <c>$batch</c> as one), and one
/// beyond the limit is answered 429 with <c>Retry-After</c> (whole seconds) and error 0x80072322.
/// </summary>
internal sealed partial class DataverseStub : IDisposable
{
    public const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public const string ClientId = "0b5a7d7e-3e4f-4c3a-9a2b-1c2d3e4f5a6b";
    public const string AccessToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.dataverse-test-token";
    public const string OwnerId = "ad968e9c-872d-e611-80ed-5065f38b3281";
    private const string ResponseBoundary = "batchresponse_c1bd45c1-dd81-470f-ac6e-a5a4a1f2d9d4";

    private readonly WireMockServer _authority = WireMockServer.Start();
    private readonly WireMockServer _org = WireMockServer.Start();
    // "table.column" → AttributeType.
    private readonly ConcurrentDictionary<string, string> _columns = new(StringComparer.OrdinalIgnoreCase);
    private readonly RollingWindowLimit? _limit;

    public DataverseStub(RollingWindowLimit? limit = null)
    {
        _limit = limit;
        _authority.Given(Request.Create().WithPath($"/{TenantId}/oauth2/v2.0/token").UsingPost()).RespondWith(Response.Create().WithCallback(_ => Json(200,
            $$"""{"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"{{AccessToken}}"}""")));
        _org.Given(Request.Create().WithPath("/*").UsingAnyMethod()).RespondWith(Response.Create().WithCallback(Route));
    }

    public string OrgUrl => _org.Url!;

    public string AuthorityUrl => _authority.Url!;

    /// <summary>Account rows by id (name, revenue); served two pages.</summary>
    public List<JsonObject> Accounts { get; } = [];

    public List<JsonObject> Contacts { get; } = [];

    public IReadOnlyList<ILogEntry> OrgRequests => _org.LogEntries.ToList();

    public IReadOnlyList<ILogEntry> TokenRequests => _authority.LogEntries.ToList();

    /// <summary>A column that exists before Trig runs, e.g. created by an administrator (<paramref name="attributeType"/>: <c>Decimal</c>, <c>Boolean</c>…).</summary>
    public void AddColumn(string table, string logicalName, string attributeType) => _columns[$"{table}.{logicalName}"] = attributeType;

    public void ResetLogs()
    {
        _org.ResetLogEntries();
        _authority.ResetLogEntries();
    }

    public void Dispose()
    {
        _org.Stop();
        _authority.Stop();
    }

    public static JsonObject Account(string id, string name, double? revenue) => new()
    {
        ["@odata.etag"] = "W/\"2972889500\"",
        ["accountid"] = id,
        ["name"] = name,
        ["revenue@OData.Community.Display.V1.FormattedValue"] = revenue is null ? null : $"${revenue:N2}",
        ["revenue"] = revenue,
        ["_ownerid_value@OData.Community.Display.V1.FormattedValue"] = "Don Systemuser",
        ["_ownerid_value@Microsoft.Dynamics.CRM.associatednavigationproperty"] = "owninguser",
        ["_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname"] = "systemuser",
        ["_ownerid_value"] = OwnerId,
        ["modifiedon"] = "2026-11-20T10:00:00Z",
    };

    public static JsonObject Contact(string id, string fullName, string? email, string parentId) => new()
    {
        ["@odata.etag"] = "W/\"2972889562\"",
        ["contactid"] = id,
        ["fullname"] = fullName,
        ["emailaddress1"] = email,
        ["_parentcustomerid_value@OData.Community.Display.V1.FormattedValue"] = "Parent",
        ["_parentcustomerid_value@Microsoft.Dynamics.CRM.associatednavigationproperty"] = "parentcustomerid_account",
        ["_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname"] = "account",
        ["_parentcustomerid_value"] = parentId,
        ["_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname"] = "systemuser",
        ["_ownerid_value"] = OwnerId,
        ["modifiedon"] = "2026-11-20T10:00:00Z",
    };

    /// <summary>Every PATCH part sent in <c>$batch</c> requests: (entity set, id, JSON body).</summary>
    public List<(string EntitySet, string Id, JsonObject Body)> PatchParts() =>
        [.. OrgRequests.Where(e => e.RequestMessage.Method == "POST" && e.RequestMessage.Path.EndsWith("/$batch", StringComparison.Ordinal))
            .SelectMany(e => Parts(e.RequestMessage.Body ?? ""))];

    public IEnumerable<ILogEntry> Requests(string method, string pathContains) =>
        OrgRequests.Where(e => e.RequestMessage.Method == method && Uri.UnescapeDataString(e.RequestMessage.Path).Contains(pathContains, StringComparison.Ordinal));

    private static IEnumerable<(string, string, JsonObject)> Parts(string body)
    {
        foreach (Match m in PatchPart().Matches(body))
        {
            yield return (m.Groups["set"].Value, m.Groups["id"].Value, JsonNode.Parse(m.Groups["json"].Value)!.AsObject());
        }
    }

    private ResponseMessage Route(IRequestMessage request)
    {
        var path = Uri.UnescapeDataString(request.Path);
        var query = Query(request);
        if (request.Headers?.TryGetValue("Authorization", out var auth) != true || auth!.ToString() != $"Bearer {AccessToken}")
        {
            return Json(401, """{"error":{"code":"0x80072560","message":"The user is not a member of the organization."}}""");
        }

        if (_limit is not null && !_limit.Admit(out var retryAfter))
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Json(429, ODataError("0x80072322", $"Number of requests exceeded the limit of {_limit.Requests} over time window of {_limit.Window.TotalSeconds:0} seconds."), new() { ["Retry-After"] = seconds });
        }

        if (path.Contains("/EntityDefinitions(", StringComparison.Ordinal))
        {
            var table = TableOf(path);
            if (request.Method == "GET" && path.EndsWith("/Attributes", StringComparison.Ordinal))
            {
                return Json(200, AttributeList(table));
            }

            if (request.Method == "GET")
            {
                var column = AttributeOf(path);
                return _columns.ContainsKey($"{table}.{column}")
                    ? Json(200, $$"""{"@odata.context":"{{OrgUrl}}/api/data/v9.2/$metadata#EntityDefinitions('{{table}}')/Attributes(LogicalName)/$entity","LogicalName":"{{column}}","MetadataId":"{{Guid.NewGuid()}}"}""")
                    : Json(404, ODataError("0x80040217", "Could not find attribute with specified name: " + column));
            }

            var definition = JsonNode.Parse(request.Body!)!;
            _columns[$"{table}.{definition["SchemaName"]!.GetValue<string>()}"] = definition["AttributeType"]!.GetValue<string>();
            return new ResponseMessage { StatusCode = 204, Headers = new Dictionary<string, WireMockList<string>> { ["OData-EntityId"] = new($"{OrgUrl}/api/data/v9.2/EntityDefinitions(LogicalName='{table}')/Attributes({Guid.NewGuid()})") } };
        }

        if (path.EndsWith("/PublishXml", StringComparison.Ordinal))
        {
            return new ResponseMessage { StatusCode = 204 };
        }

        if (path.EndsWith("/$batch", StringComparison.Ordinal))
        {
            var count = Parts(request.Body ?? "").Count();
            var sb = new StringBuilder();
            for (var i = 0; i < count; i++)
            {
                sb.Append("--").Append(ResponseBoundary).Append("\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n");
                sb.Append("HTTP/1.1 204 No Content\r\nOData-Version: 4.0\r\n\r\n\r\n");
            }

            sb.Append("--").Append(ResponseBoundary).Append("--\r\n");
            return new ResponseMessage
            {
                StatusCode = 200,
                Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new($"multipart/mixed; boundary={ResponseBoundary}"), ["OData-Version"] = new("4.0") },
                BodyData = new BodyData { BodyAsString = sb.ToString(), DetectedBodyType = BodyType.String },
            };
        }

        if (path.Contains("/systemusers(", StringComparison.Ordinal))
        {
            return Json(200, $$"""{"@odata.context":"{{OrgUrl}}/api/data/v9.2/$metadata#systemusers(internalemailaddress)/$entity","systemuserid":"{{OwnerId}}","internalemailaddress":"don@contoso.example"}""");
        }

        foreach (var (set, rows) in new[] { ("accounts", Accounts), ("contacts", Contacts) })
        {
            if (path.EndsWith("/api/data/v9.2/" + set, StringComparison.Ordinal))
            {
                return Page(set, rows, query);
            }
        }

        return Json(404, ODataError("0x8006088a", $"Resource not found for the segment '{path}'."));
    }

    private ResponseMessage Page(string set, List<JsonObject> rows, string query)
    {
        var select = Regex.Match(query, @"\$select=([^&]+)").Groups[1].Value;
        var delta = $"{OrgUrl}/api/data/v9.2/{set}?$select={select}&$deltatoken=919042%2108%2f22%2f2026%2008%3a10%3a44";
        var page = new JsonObject
        {
            ["@odata.context"] = $"{OrgUrl}/api/data/v9.2/$metadata#{set}({select})",
            ["@Microsoft.Dynamics.CRM.totalrecordcount"] = -1,
            ["@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded"] = false,
            ["@Microsoft.Dynamics.CRM.globalmetadataversion"] = "2972874254",
        };
        if (query.Contains("$deltatoken", StringComparison.Ordinal))
        {
            page["@odata.context"] = $"{OrgUrl}/api/data/v9.2/$metadata#{set}({select})/$delta";
            page["value"] = new JsonArray();
            page["@odata.deltaLink"] = delta;
            return Json(200, page.ToJsonString());
        }

        var second = query.Contains("$skiptoken", StringComparison.Ordinal);
        var half = (rows.Count + 1) / 2;
        page["value"] = new JsonArray([.. (second ? rows.Skip(half) : rows.Take(half)).Select(r => (JsonNode)r.DeepClone())]);
        if (second)
        {
            page["@odata.deltaLink"] = delta;
        }
        else
        {
            page["@odata.nextLink"] = $"{OrgUrl}/api/data/v9.2/{set}?$select={select}&$skiptoken=%3Ccookie%20pagenumber=%222%22%20pagingcookie=%22%253ccookie%2520page%253d%25221%2522%253e%253c%252fcookie%253e%22%20istracking=%22True%22%20/%3E";
        }

        return Json(200, page.ToJsonString());
    }

    private string AttributeList(string table)
    {
        var value = new JsonArray();
        foreach (var (key, type) in _columns.Where(c => c.Key.StartsWith(table + ".", StringComparison.OrdinalIgnoreCase)))
        {
            value.Add(new JsonObject
            {
                ["@odata.type"] = $"#Microsoft.Dynamics.CRM.{type}AttributeMetadata",
                ["LogicalName"] = key[(table.Length + 1)..].ToLowerInvariant(),
                ["AttributeType"] = type,
                ["MetadataId"] = Guid.NewGuid().ToString(),
            });
        }

        return new JsonObject
        {
            ["@odata.context"] = $"{OrgUrl}/api/data/v9.2/$metadata#EntityDefinitions('{table}')/Attributes(LogicalName,AttributeType)",
            ["value"] = value,
        }.ToJsonString();
    }

    private static string ODataError(string code, string message) =>
        new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }.ToJsonString();

    private static string TableOf(string path) => Regex.Match(path, @"EntityDefinitions\(LogicalName='([^']+)'\)").Groups[1].Value;

    private static string AttributeOf(string path) => Regex.Match(path, @"Attributes\(LogicalName='([^']+)'\)").Groups[1].Value;

    public static ResponseMessage Json(int status, string body, Dictionary<string, string>? headers = null)
    {
        var h = new Dictionary<string, WireMockList<string>>
        {
            ["Content-Type"] = new("application/json; odata.metadata=minimal"),
            ["OData-Version"] = new("4.0"),
        };
        foreach (var (k, v) in headers ?? [])
        {
            h[k] = new(v);
        }

        return new ResponseMessage
        {
            StatusCode = status,
            Headers = h,
            BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String },
        };
    }

    public static void Get(WireMockServer server, string path, Func<IRequestMessage, ResponseMessage> respond) =>
        server.Given(Request.Create().WithPath(path).UsingGet()).RespondWith(Response.Create().WithCallback(respond));

    public static string Query(IRequestMessage request) => Uri.UnescapeDataString(request.RawQuery ?? "");

    [GeneratedRegex(@"PATCH /api/data/v9\.2/(?<set>\w+)\((?<id>[0-9a-f-]{36})\) HTTP/1\.1\r\n(?:[^\r\n]+\r\n)*\r\n(?<json>\{[^\r\n]*\})\r\n")]
    private static partial Regex PatchPart();
}
