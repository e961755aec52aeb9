using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Trig.Crm.Worker.Tests.Support;

/// <summary>
/// A webhook receiver on loopback that records every delivery (Idempotency-Key header, body, time) as it arrives.
/// It can hold some responses (so a crash lands mid-send) or fail the first attempts of a key.
/// </summary>
internal sealed class FakeWebhookReceiver : IDisposable
{
    private readonly ConcurrentQueue<Delivery> _deliveries = new();
    private readonly ConcurrentDictionary<string, int> _seen = new(StringComparer.Ordinal);

    public FakeWebhookReceiver()
    {
        Server = WireMockServer.Start();
        Server.Given(Request.Create().WithPath("/hook").UsingPost()).RespondWith(Response.Create().WithCallback(new Func<IRequestMessage, Task<IResponseMessage>>(ReceiveAsync)));
    }

    public WireMockServer Server { get; }

    public string Url => Server.Url + "/hook";

    public Func<string, TimeSpan?> SlowFor { get; set; } = _ => null;

    /// <summary>How many times a key is answered 500 before it is accepted.</summary>
    public Func<string, int> FailuresFor { get; set; } = _ => 0;

    public TaskCompletionSource<string> SlowDeliveryStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<Delivery> Deliveries => [.. _deliveries];

    public void Dispose() => Server.Stop();

    private async Task<IResponseMessage> ReceiveAsync(IRequestMessage request)
    {
        var key = request.Headers is { } h && h.TryGetValue("Idempotency-Key", out var v) && v.Count > 0 ? v[0] : null;
        var signature = request.Headers is { } h2 && h2.TryGetValue("X-Trig-Signature", out var s) && s.Count > 0 ? s[0] : null;
        var attempt = key is null ? 1 : _seen.AddOrUpdate(key, 1, (_, n) => n + 1);
        var failing = key is not null && attempt <= FailuresFor(key);
        _deliveries.Enqueue(new Delivery(key, request.Body ?? "", signature, DateTimeOffset.UtcNow, failing ? 500 : 200));

        if (key is not null && SlowFor(key) is { } delay)
        {
            SlowDeliveryStarted.TrySetResult(key);
            await Task.Delay(delay);
        }

        return failing
            ? FakeSlack.Json(new JsonObject { ["error"] = "temporarily unavailable" }, 500)
            : FakeSlack.Json(new JsonObject { ["received"] = true });
    }

    internal sealed record Delivery(string? Key, string Body, string? Signature, DateTimeOffset ReceivedAt, int Status);
}
