using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace Trig.Crm.Worker.Tests.Support;

/// <summary>
/// A Slack workspace on loopback that keeps what was posted: <c>chat.postMessage</c> stores the message (with its
/// metadata) the moment the request arrives, and <c>conversations.history</c> serves the stored messages back, newest
/// first and paged, so a duplicate check sees exactly what "Slack" has. Shapes follow slack_web_openapi_v2.json.
/// </summary>
internal sealed class FakeSlack : IDisposable
{
    private readonly ConcurrentQueue<Posted> _posts = new();
    private long _seq;

    public FakeSlack()
    {
        Server = WireMockServer.Start();
        Server.Given(Request.Create().WithPath("/api/chat.postMessage").UsingPost()).RespondWith(Response.Create().WithCallback(new Func<IRequestMessage, Task<IResponseMessage>>(PostAsync)));
        Server.Given(Request.Create().WithPath("/api/conversations.history").UsingGet()).RespondWith(Response.Create().WithCallback(new Func<IRequestMessage, IResponseMessage>(History)));
        Server.Given(Request.Create().WithPath("/api/conversations.list").UsingGet()).RespondWith(Response.Create().WithCallback(new Func<IRequestMessage, IResponseMessage>(List)));
        Server.Given(Request.Create().WithPath("/api/users.lookupByEmail").UsingGet()).RespondWith(Response.Create().WithCallback(new Func<IRequestMessage, IResponseMessage>(Lookup)));
        Server.Given(Request.Create().WithPath("/api/conversations.open").UsingPost()).RespondWith(Response.Create().WithCallback(new Func<IRequestMessage, IResponseMessage>(Open)));
    }

    /// <summary>Named channels of the workspace (name without <c>#</c> → id): a post by name lands in the id, as in Slack.</summary>
    public Dictionary<string, string> Channels { get; } = new(StringComparer.Ordinal) { ["cs-alerts"] = "C0CSALERT" };

    /// <summary>The DM channel id Slack opens for the user of <paramref name="email"/> (every email has an account here).</summary>
    public static string DmOf(string email) => "D" + UserOf(email)[1..];

    private static string UserOf(string email) => "U" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(email)))[..8];

    public WireMockServer Server { get; }

    public string BaseUrl => Server.Url + "/api/";

    /// <summary>Posts whose key matches are answered only after this delay (the message is stored first).</summary>
    public Func<string, TimeSpan?> SlowFor { get; set; } = _ => null;

    /// <summary>
    /// Keys whose first post is stored (Slack accepted it) but answered HTTP 500, as when a gateway fails after the
    /// message went through: the sender cannot know it was delivered.
    /// </summary>
    public Func<string, bool> AcceptThenFailFirst { get; set; } = _ => false;

    /// <summary>Set when a slow post has been stored and its response is being held.</summary>
    public TaskCompletionSource<string> SlowPostStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<Posted> Posts => [.. _posts];

    public int HistoryCalls;

    public void Dispose() => Server.Stop();

    private async Task<IResponseMessage> PostAsync(IRequestMessage request)
    {
        var body = JsonNode.Parse(request.Body ?? "{}")!;
        var channel = (string?)body["channel"] ?? "";
        if (!IsId(channel))
        {
            // chat.postMessage takes a name; the message is stored in (and answered with) the channel's id.
            if (!Channels.TryGetValue(channel.TrimStart('#'), out var id))
            {
                return Json(new JsonObject { ["ok"] = false, ["error"] = "channel_not_found" });
            }

            channel = id;
        }

        var key = (string?)body["metadata"]?["event_payload"]?["idempotency_key"];
        var eventType = (string?)body["metadata"]?["event_type"];
        var now = DateTimeOffset.UtcNow;
        var ts = string.Create(CultureInfo.InvariantCulture, $"{now.ToUnixTimeSeconds()}.{Interlocked.Increment(ref _seq) % 1_000_000:D6}");
        var first = key is null || !_posts.Any(p => p.Key == key);
        _posts.Enqueue(new Posted(channel, ts, key, eventType, (string?)body["text"], now));
        if (key is not null && first && AcceptThenFailFirst(key))
        {
            return Json(new JsonObject { ["ok"] = false, ["error"] = "internal_error" }, 500);
        }

        if (key is not null && SlowFor(key) is { } delay)
        {
            SlowPostStarted.TrySetResult(key);
            await Task.Delay(delay);
        }

        return Json(new JsonObject
        {
            ["ok"] = true,
            ["channel"] = channel,
            ["ts"] = ts,
            ["message"] = new JsonObject { ["type"] = "message", ["subtype"] = "bot_message", ["bot_id"] = "B19LU7CSY", ["text"] = (string?)body["text"], ["ts"] = ts },
        });
    }

    private IResponseMessage History(IRequestMessage request)
    {
        Interlocked.Increment(ref HistoryCalls);
        var channel = Query(request, "channel");
        if (channel is null || !IsId(channel))
        {
            // As in Slack: conversations.history needs the channel id; a name is not found.
            return Json(new JsonObject { ["ok"] = false, ["error"] = "channel_not_found" });
        }

        var oldest = decimal.TryParse(Query(request, "oldest"), NumberStyles.Number, CultureInfo.InvariantCulture, out var o) ? o : 0m;
        var limit = int.TryParse(Query(request, "limit"), out var l) ? Math.Clamp(l, 1, 999) : 100;
        var offset = int.TryParse(Query(request, "cursor"), out var c) ? c : 0;
        var matching = _posts.Where(p => p.Channel == channel && decimal.Parse(p.Ts, CultureInfo.InvariantCulture) >= oldest).Reverse().ToList();
        var page = matching.Skip(offset).Take(limit).ToList();
        var more = offset + page.Count < matching.Count;
        var messages = new JsonArray();
        foreach (var p in page)
        {
            var m = new JsonObject { ["type"] = "message", ["subtype"] = "bot_message", ["bot_id"] = "B19LU7CSY", ["text"] = p.Text, ["ts"] = p.Ts };
            if (p.Key is not null)
            {
                m["metadata"] = new JsonObject { ["event_type"] = p.EventType, ["event_payload"] = new JsonObject { ["idempotency_key"] = p.Key } };
            }

            messages.Add(m);
        }

        return Json(new JsonObject
        {
            ["ok"] = true,
            ["messages"] = messages,
            ["has_more"] = more,
            ["pin_count"] = 0,
            ["response_metadata"] = new JsonObject { ["next_cursor"] = more ? (offset + page.Count).ToString(CultureInfo.InvariantCulture) : "" },
        });
    }

    private IResponseMessage List(IRequestMessage request)
    {
        var channels = new JsonArray();
        foreach (var (name, id) in Channels)
        {
            channels.Add(new JsonObject { ["id"] = id, ["name"] = name, ["is_channel"] = true, ["is_archived"] = false, ["is_member"] = true });
        }

        return Json(new JsonObject { ["ok"] = true, ["channels"] = channels, ["response_metadata"] = new JsonObject { ["next_cursor"] = "" } });
    }

    private static IResponseMessage Lookup(IRequestMessage request)
    {
        var email = Query(request, "email") ?? "";
        return Json(new JsonObject
        {
            ["ok"] = true,
            ["user"] = new JsonObject { ["id"] = UserOf(email), ["name"] = email, ["deleted"] = false, ["profile"] = new JsonObject { ["email"] = email } },
        });
    }

    private static IResponseMessage Open(IRequestMessage request)
    {
        var user = (string?)JsonNode.Parse(request.Body ?? "{}")!["users"] ?? "";
        return Json(new JsonObject { ["ok"] = true, ["channel"] = new JsonObject { ["id"] = "D" + user[1..] } });
    }

    private static bool IsId(string channel) => channel.Length > 2 && channel[0] is 'C' or 'G' or 'D' && channel.Skip(1).All(ch => char.IsAsciiDigit(ch) || char.IsAsciiLetterUpper(ch));

    private static string? Query(IRequestMessage request, string name) =>
        request.Query is { } q && q.TryGetValue(name, out var v) && v.Count > 0 ? v[0] : null;

    internal static IResponseMessage Json(JsonNode body, int status = 200) => new ResponseMessage
    {
        StatusCode = status,
        // Connection: close, so a client holds a connection to this Slack only while a call is in flight.
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json; charset=utf-8"), ["Connection"] = new("close") },
        BodyData = new BodyData { DetectedBodyType = BodyType.String, BodyAsString = body.ToJsonString(JsonOptions) },
    };

    private static readonly JsonSerializerOptions JsonOptions = new();

    internal sealed record Posted(string Channel, string Ts, string? Key, string? EventType, string? Text, DateTimeOffset ReceivedAt);
}
