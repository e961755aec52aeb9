using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace Trig.Crm.Testing.Stubs;

/// <summary>
/// HubSpot on WireMock. An instance is a whole account answering the CRM v3/v4 calls the connector makes (companies
/// and contacts served in pages of <see cref="PageSize"/>, optionally refusing calls above HubSpot's rolling limit); the static members build single responses for tests
/// that script a WireMock server themselves. Bodies are shaped like the official specs (hubspot/: companies.json,
/// contacts.json, associations.json, crmOwners.json, properties.json: SimplePublicObject, ForwardPaging,
/// BatchResponse…, StandardError).
/// </summary>
internal sealed class HubSpotStub : IDisposable
{
    /// <summary>Records per list page (HubSpot's own limit is 100; small pages exercise paging).</summary>
    public int PageSize { get; init; } = 2;
    public const string Token = "pat-na1-test-token";

    private readonly WireMockServer _server = WireMockServer.Start();

    public HubSpotStub()
    {
        _server.Given(Request.Create().WithPath("/crm/v3/objects/companies").UsingGet()).RespondWith(Limited(r => List(r, Companies)));
        _server.Given(Request.Create().WithPath("/crm/v3/objects/contacts").UsingGet()).RespondWith(Limited(r => List(r, Contacts)));
        _server.Given(Request.Create().WithPath("/crm/v3/objects/companies/search").UsingPost()).RespondWith(Limited(_ => Search(Companies, ChangedCompanies)));
        _server.Given(Request.Create().WithPath("/crm/v3/objects/contacts/search").UsingPost()).RespondWith(Limited(_ => Search(Contacts, ChangedContacts)));
        _server.Given(Request.Create().WithPath("/crm/v3/objects/companies/batch/read").UsingPost()).RespondWith(Limited(r => BatchRead(r, Companies)));
        _server.Given(Request.Create().WithPath("/crm/v3/objects/contacts/batch/read").UsingPost()).RespondWith(Limited(r => BatchRead(r, Contacts)));
        _server.Given(Request.Create().WithPath("/crm/v3/objects/*/batch/update").UsingPost()).RespondWith(Limited(BatchUpdate));
        _server.Given(Request.Create().WithPath("/crm/v3/owners").UsingGet()).RespondWith(Limited(_ => Json(200, OwnersBody())));
        _server.Given(Request.Create().WithPath("/crm/v4/associations/contacts/companies/batch/read").UsingPost()).RespondWith(Limited(Associations));
        _server.Given(Request.Create().WithPath("/crm/v3/properties/*/groups").UsingGet()).RespondWith(Limited(_ => Json(200,
            """{"results":[{"name":"companyinformation","label":"Company information","displayOrder":-1,"archived":false}]}""")));
        _server.Given(Request.Create().WithPath("/crm/v3/properties/*/groups").UsingPost()).RespondWith(Limited(r => Json(201, r.Body ?? "{}")));
        _server.Given(Request.Create().WithPath("/crm/v3/properties/companies", "/crm/v3/properties/contacts").UsingGet()).RespondWith(Limited(_ => Json(200,
            """{"results":[{"name":"name","label":"Name","type":"string","fieldType":"text","groupName":"companyinformation","description":"","options":[]}]}""")));
        _server.Given(Request.Create().WithPath("/crm/v3/properties/*/batch/create").UsingPost()).RespondWith(Limited(BatchCreate));
    }

    /// <summary>When set, the account's rolling limit: a call beyond it is answered 429 with HubSpot's <c>TEN_SECONDLY_ROLLING</c> body.</summary>
    public RollingWindowLimit? RollingLimit { get; init; }

    /// <summary>Calls refused by <see cref="RollingLimit"/>.</summary>
    public int Refused => RollingLimit?.Refused ?? 0;

    private IResponseBuilder Limited(Func<IRequestMessage, ResponseMessage> respond) =>
        Response.Create().WithCallback(r => RollingLimit?.Admit() is not false ? respond(r) : RespondText(429, RateLimitBody("TEN_SECONDLY_ROLLING"), ("Retry-After", "1")));

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public const string Stamp = "2026-01-05T10:00:00.000Z";

    public static object Record(string id, IReadOnlyDictionary<string, string?> properties, bool archived = false) => new
    {
        id,
        properties,
        createdAt = Stamp,
        updatedAt = Stamp,
        archived,
    };

    public static object ListPage(IEnumerable<object> results, string? nextAfter) => nextAfter is null
        ? new { results }
        : new { results, paging = new { next = new { after = nextAfter, link = $"?after={nextAfter}" } } };

    public static object SearchPage(IReadOnlyList<object> results, int total, string? nextAfter) => nextAfter is null
        ? new { total, results }
        : new { total, results, paging = new { next = new { after = nextAfter } } };

    public static object Batch(IEnumerable<object> results) => new
    {
        status = "COMPLETE",
        results,
        startedAt = Stamp,
        completedAt = Stamp,
    };

    public static object BatchWithErrors(IEnumerable<object> results, IReadOnlyList<object> errors) => new
    {
        status = "COMPLETE",
        results,
        numErrors = errors.Count,
        errors,
        startedAt = Stamp,
        completedAt = Stamp,
    };

    public static object StandardError(string status, string category, string message, Dictionary<string, string[]> context) => new
    {
        status,
        category,
        message,
        context,
        errors = Array.Empty<object>(),
        links = new Dictionary<string, string>(),
    };

    /// <summary>HubSpot's 429 body, as in HUBSPOT.md.</summary>
    public static string RateLimitBody(string policy) => JsonSerializer.Serialize(new
    {
        status = "error",
        message = policy == "DAILY" ? "You have reached your daily limit." : "You have reached your ten_secondly_rolling limit.",
        errorType = "RATE_LIMIT",
        correlationId = "c5d2a5a8-4b0a-4c1e-9a1e-6f0d2b6b1e11",
        policyName = policy,
    });

    public static string Error(string category, string message) => JsonSerializer.Serialize(new
    {
        status = "error",
        message,
        correlationId = "aeb5f871-7f07-4993-9211-075dc63e7cbf",
        category,
    });

    public static IResponseMessage Respond(int status, object body, params (string Name, string Value)[] headers) =>
        RespondText(status, body as string ?? JsonSerializer.Serialize(body, JsonOptions), headers);

    public static IResponseMessage RespondText(int status, string body, params (string Name, string Value)[] headers)
    {
        var response = new ResponseMessage
        {
            StatusCode = status,
            BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
        };
        response.AddHeader("Content-Type", "application/json");
        foreach (var (name, value) in headers)
        {
            response.AddHeader(name, value);
        }

        return response;
    }

    public static JsonElement Body(IRequestMessage request) => JsonDocument.Parse(request.Body ?? "null").RootElement;

    public static string? Query(IRequestMessage request, string name) =>
        request.Query is not null && request.Query.TryGetValue(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary>The clock behind "recently modified" timestamps of search results.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public string Url => _server.Url!;

    public ConcurrentDictionary<string, Dictionary<string, string?>> Companies { get; } = new();

    public ConcurrentDictionary<string, Dictionary<string, string?>> Contacts { get; } = new();

    /// <summary>Company ids the search for recently modified records returns (empty: nothing changed).</summary>
    public ConcurrentDictionary<string, bool> ChangedCompanies { get; } = new();

    public ConcurrentDictionary<string, bool> ChangedContacts { get; } = new();

    /// <summary>Contact id → primary company id.</summary>
    public ConcurrentDictionary<string, string> PrimaryCompany { get; } = new();

    public Dictionary<string, string> Owners { get; } = new() { ["41629779"] = "sam.patel@vendor.example" };

    public IReadOnlyList<ILogEntry> Requests => _server.LogEntries.ToList();

    public IEnumerable<ILogEntry> RequestsTo(string method, string pathSuffix) =>
        Requests.Where(e => e.RequestMessage.Method == method && e.RequestMessage.Path.EndsWith(pathSuffix, StringComparison.Ordinal));

    /// <summary>The <c>inputs</c> of every batch/update of one object type: record id → properties sent.</summary>
    public List<(string Id, Dictionary<string, string> Properties)> UpdateInputs(string objectType) =>
        [.. RequestsTo("POST", $"/crm/v3/objects/{objectType}/batch/update")
            .SelectMany(e => JsonNode.Parse(e.RequestMessage.Body!)!["inputs"]!.AsArray())
            .Select(i => (i!["id"]!.GetValue<string>(), i["properties"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>())))];

    public void ResetLog() => _server.ResetLogEntries();

    public void Dispose() => _server.Stop();

    private Guid? _outage;

    /// <summary>
    /// From now on every call is answered <paramref name="status"/> with HubSpot's error body (e.g. 401 for a revoked
    /// token: not retried, so a pull fails at once) until <see cref="EndOutage"/>.
    /// </summary>
    public void StartOutage(int status = 401, string category = "INVALID_AUTHENTICATION")
    {
        _outage = Guid.NewGuid();
        _server.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher("/*"))).WithGuid(_outage.Value).AtPriority(-1000)
            .RespondWith(Response.Create().WithCallback(_ => Json(status, Error(category, "Authentication credentials not found."))));
    }

    public void EndOutage()
    {
        if (_outage is { } id)
        {
            _server.DeleteMapping(id);
            _outage = null;
        }
    }

    public static ResponseMessage Json(int status, string body) => new()
    {
        StatusCode = status,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json;charset=utf-8") },
        BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String },
    };

    /// <summary>A copy taken under the record's lock: <see cref="BatchUpdate"/> writes to records while other calls read them.</summary>
    private static Dictionary<string, string?> Snapshot(Dictionary<string, string?> record)
    {
        lock (record)
        {
            return new Dictionary<string, string?>(record);
        }
    }

    private static JsonObject RecordNode(string id, Dictionary<string, string?> properties)
    {
        var props = new JsonObject { ["hs_object_id"] = id };
        foreach (var (k, v) in properties)
        {
            props[k] = v;
        }

        return new JsonObject
        {
            ["id"] = id,
            ["properties"] = props,
            ["createdAt"] = "2026-10-01T09:00:00.000Z",
            ["updatedAt"] = "2026-11-20T09:00:00.000Z",
            ["archived"] = false,
        };
    }

    private ResponseMessage List(IRequestMessage request, ConcurrentDictionary<string, Dictionary<string, string?>> records)
    {
        var q = request.Query ?? new Dictionary<string, WireMockList<string>>();
        if (q.TryGetValue("archived", out var archived) && archived.ToString() == "true")
        {
            return Json(200, """{"results":[]}""");
        }

        var requested = q.TryGetValue("properties", out var p) ? p.ToString()!.Split(',').ToHashSet() : [];
        var ordered = records.OrderBy(r => long.Parse(r.Key, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var start = q.TryGetValue("after", out var after) ? int.Parse(after.ToString()!, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var page = ordered.Skip(start).Take(PageSize)
            .Select(r => RecordNode(r.Key, Snapshot(r.Value).Where(kv => requested.Count == 0 || requested.Contains(kv.Key)).ToDictionary()))
            .ToArray();
        var body = new JsonObject { ["results"] = new JsonArray(page) };
        if (start + PageSize < ordered.Count)
        {
            var next = (start + PageSize).ToString(System.Globalization.CultureInfo.InvariantCulture);
            body["paging"] = new JsonObject { ["next"] = new JsonObject { ["after"] = next, ["link"] = $"?after={next}" } };
        }

        return Json(200, body.ToJsonString());
    }

    private ResponseMessage Search(ConcurrentDictionary<string, Dictionary<string, string?>> records, ConcurrentDictionary<string, bool> changed)
    {
        var results = changed.Keys.Where(records.ContainsKey).Order(StringComparer.Ordinal).Select(id =>
        {
            var r = RecordNode(id, Snapshot(records[id]));
            r["properties"]!["hs_lastmodifieddate"] = Time.GetUtcNow().AddMinutes(-5).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            r["properties"]!["lastmodifieddate"] = r["properties"]!["hs_lastmodifieddate"]!.GetValue<string>();
            return (JsonNode)r;
        }).ToArray();
        return Json(200, new JsonObject { ["total"] = results.Length, ["results"] = new JsonArray(results) }.ToJsonString());
    }

    private static ResponseMessage BatchRead(IRequestMessage request, ConcurrentDictionary<string, Dictionary<string, string?>> records)
    {
        var input = JsonNode.Parse(request.Body!)!;
        var ids = input["inputs"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
        var found = ids.Where(records.ContainsKey).Select(id => (JsonNode)RecordNode(id, Snapshot(records[id]))).ToArray();
        var missing = ids.Where(id => !records.ContainsKey(id)).ToList();
        var body = new JsonObject
        {
            ["status"] = "COMPLETE",
            ["results"] = new JsonArray(found),
            ["startedAt"] = "2026-11-24T10:00:00.000Z",
            ["completedAt"] = "2026-11-24T10:00:00.100Z",
        };
        if (missing.Count > 0)
        {
            body["numErrors"] = 1;
            body["errors"] = new JsonArray(new JsonObject
            {
                ["status"] = "error",
                ["category"] = "OBJECT_NOT_FOUND",
                ["message"] = "Could not get some objects, they may be deleted or not exist.",
                ["context"] = new JsonObject { ["ids"] = new JsonArray([.. missing.Select(m => (JsonNode)m)]) },
            });
        }

        return Json(missing.Count > 0 ? 207 : 200, body.ToJsonString());
    }

    /// <summary>Answers as HubSpot does and keeps the written values on the records, so a later read returns them.</summary>
    private ResponseMessage BatchUpdate(IRequestMessage request)
    {
        var input = JsonNode.Parse(request.Body!)!;
        var records = request.Path.Contains("/companies/", StringComparison.Ordinal) ? Companies : Contacts;
        foreach (var i in input["inputs"]!.AsArray())
        {
            if (records.TryGetValue(i!["id"]!.GetValue<string>(), out var record))
            {
                lock (record)
                {
                    foreach (var (name, value) in i["properties"]!.AsObject())
                    {
                        record[name] = value?.GetValue<string>();
                    }
                }
            }
        }

        var results = input["inputs"]!.AsArray().Select(i => (JsonNode)new JsonObject
        {
            ["id"] = i!["id"]!.GetValue<string>(),
            ["properties"] = i["properties"]!.DeepClone(),
            ["createdAt"] = "2026-10-01T09:00:00.000Z",
            ["updatedAt"] = "2026-11-24T10:00:00.000Z",
            ["archived"] = false,
        }).ToArray();
        return Json(200, new JsonObject
        {
            ["status"] = "COMPLETE",
            ["results"] = new JsonArray(results),
            ["startedAt"] = "2026-11-24T10:00:00.000Z",
            ["completedAt"] = "2026-11-24T10:00:00.100Z",
        }.ToJsonString());
    }

    private static ResponseMessage BatchCreate(IRequestMessage request)
    {
        var input = JsonNode.Parse(request.Body!)!;
        var results = input["inputs"]!.AsArray().Select(i =>
        {
            var p = i!.DeepClone().AsObject();
            p["options"] ??= new JsonArray();
            p["description"] ??= "";
            return (JsonNode)p;
        }).ToArray();
        return Json(201, new JsonObject
        {
            ["status"] = "COMPLETE",
            ["results"] = new JsonArray(results),
            ["startedAt"] = "2026-11-24T10:00:00.000Z",
            ["completedAt"] = "2026-11-24T10:00:00.100Z",
        }.ToJsonString());
    }

    private ResponseMessage Associations(IRequestMessage request)
    {
        var input = JsonNode.Parse(request.Body!)!;
        var results = new JsonArray();
        foreach (var id in input["inputs"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()))
        {
            if (!PrimaryCompany.TryGetValue(id, out var company))
            {
                continue;
            }

            results.Add(new JsonObject
            {
                ["from"] = new JsonObject { ["id"] = id },
                ["to"] = new JsonArray(new JsonObject
                {
                    ["toObjectId"] = long.Parse(company, System.Globalization.CultureInfo.InvariantCulture),
                    ["associationTypes"] = new JsonArray(
                        new JsonObject { ["category"] = "HUBSPOT_DEFINED", ["typeId"] = 1, ["label"] = "Primary" },
                        new JsonObject { ["category"] = "HUBSPOT_DEFINED", ["typeId"] = 279, ["label"] = null }),
                }),
            });
        }

        return Json(200, new JsonObject
        {
            ["status"] = "COMPLETE",
            ["results"] = results,
            ["startedAt"] = "2026-11-24T10:00:00.000Z",
            ["completedAt"] = "2026-11-24T10:00:00.100Z",
        }.ToJsonString());
    }

    private string OwnersBody() => new JsonObject
    {
        ["results"] = new JsonArray([.. Owners.Select(o => (JsonNode)new JsonObject
        {
            ["id"] = o.Key,
            ["email"] = o.Value,
            ["firstName"] = "Sam",
            ["lastName"] = "Patel",
            ["userId"] = 9586504,
            ["type"] = "PERSON",
            ["createdAt"] = "2026-01-01T00:00:00.000Z",
            ["updatedAt"] = "2026-01-01T00:00:00.000Z",
            ["archived"] = false,
        })]),
    }.ToJsonString();

    public static string Serialize(object value) => JsonSerializer.Serialize(value);
}
