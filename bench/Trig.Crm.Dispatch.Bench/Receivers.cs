using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace Trig.Crm.Dispatch.Bench;

/// <summary>Loopback Slack (chat.postMessage) and webhook receivers that timestamp each request as it arrives, by idempotency key.</summary>
internal sealed class Receivers : IDisposable
{
    private long _seq;

    public Receivers()
    {
        Server = WireMockServer.Start();
        Server.Given(Request.Create().WithPath("/api/chat.postMessage").UsingPost())
            .RespondWith(Response.Create().WithCallback(new Func<IRequestMessage, IResponseMessage>(Post)));
        Server.Given(Request.Create().WithPath("/api/conversations.history").UsingGet())
            .RespondWith(Response.Create().WithCallback(new Func<IRequestMessage, IResponseMessage>(_ => Json("""{"ok":true,"messages":[],"has_more":false}"""))));
        Server.Given(Request.Create().WithPath("/hook").UsingPost())
            .RespondWith(Response.Create().WithCallback(new Func<IRequestMessage, IResponseMessage>(Hook)));
    }

    public WireMockServer Server { get; }

    public string SlackBaseUrl => Server.Url + "/api/";

    public string HookUrl => Server.Url + "/hook";

    /// <summary>Slack posts: idempotency key → arrival time.</summary>
    public ConcurrentDictionary<string, DateTimeOffset> SlackPosts { get; } = new(StringComparer.Ordinal);

    /// <summary>Webhook deliveries: Idempotency-Key → arrival time.</summary>
    public ConcurrentDictionary<string, DateTimeOffset> Hooks { get; } = new(StringComparer.Ordinal);

    public void Dispose() => Server.Stop();

    private IResponseMessage Post(IRequestMessage request)
    {
        var now = DateTimeOffset.UtcNow;
        var body = JsonNode.Parse(request.Body ?? "{}");
        var key = (string?)body?["metadata"]?["event_payload"]?["idempotency_key"] ?? "";
        SlackPosts.TryAdd(key, now);
        var ts = string.Create(CultureInfo.InvariantCulture, $"{now.ToUnixTimeSeconds()}.{Interlocked.Increment(ref _seq) % 1_000_000:D6}");
        var channel = (string?)body?["channel"];
        return Json($$$"""{"ok":true,"channel":"{{{channel}}}","ts":"{{{ts}}}","message":{"type":"message","text":"","ts":"{{{ts}}}"}}""");
    }

    private IResponseMessage Hook(IRequestMessage request)
    {
        var now = DateTimeOffset.UtcNow;
        if (request.Headers is { } h && h.TryGetValue("Idempotency-Key", out var key) && key.Count > 0)
        {
            Hooks.TryAdd(key[0], now);
        }

        return Json("""{"received":true}""");
    }

    private static ResponseMessage Json(string body) => new()
    {
        StatusCode = 200,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json") },
        BodyData = new BodyData { DetectedBodyType = BodyType.String, BodyAsString = body },
    };
}
