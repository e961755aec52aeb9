using System.Text;
using System.Text.Json;
using WireMock;
using WireMock.Types;
using WireMock.Util;

namespace Trig.Crm.HubSpot.Tests.Support;

/// <summary>Response bodies shaped by the official specs (SimplePublicObject, ForwardPaging, BatchResponse…, StandardError).</summary>
internal static class HubSpotStubs
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

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
        RespondText(status, body as string ?? JsonSerializer.Serialize(body, Json), headers);

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
}
