using System.Diagnostics;
using System.Net;
using System.Text;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store.Sqlite;
using Trig.Crm.Testing.Processes;
using Trig.Crm.Worker.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using Xunit.Abstractions;

namespace Trig.Crm.Worker.Tests.Services;

/// <summary>
/// The fast path end to end with the real <c>trig run</c>: a track call crosses a behaviour's audience, and the
/// Slack message arrives at a WireMock Slack. Reports p50/p95 of accepted → chat.postMessage received.
/// </summary>
public sealed class FastPathProcessTests(ITestOutputHelper output)
{
    private const int Iterations = 20;

    /// <param name="wake">true: ingest wakes the fast path at once (default); false: the timed fast path (500 ms) alone.</param>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Track_CrossesAudience_SlackMessageArrivesWithinTwoSeconds(bool wake)
    {
        var dir = IngestTestHost.NewDir();
        var db = Path.Combine(dir, "trig.db");
        var store = new SqliteStore($"Data Source={db}");
        await store.MigrateAsync(default);
        var records = new List<CrmRecord>();
        for (var i = 0; i <= Iterations; i++)
        {
            records.Add(new CrmRecord(EntityKind.Organisation, $"org-{i}", null, new Dictionary<string, AttributeValue> { ["name"] = AttributeValue.Of($"Org-{i:00}") }));
            records.Add(new CrmRecord(EntityKind.Person, $"user-{i}", $"org-{i}", new Dictionary<string, AttributeValue> { ["email"] = AttributeValue.Of($"u{i}@example.com") }));
        }

        await store.UpsertAsync(records, default);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        using var slack = WireMockServer.Start();
        // The definitions post to "#alerts": the handler looks the name up once (conversations.list) and posts to its id.
        slack.Given(Request.Create().WithPath("/conversations.list").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("""{"ok":true,"channels":[{"id":"C0123ALERTS","name":"alerts","is_member":true}],"response_metadata":{"next_cursor":""}}"""));
        slack.Given(Request.Create().WithPath("/chat.postMessage").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("""{"ok":true,"channel":"C0123ALERTS","ts":"1767225600.000100","message":{"type":"message","text":"ok","ts":"1767225600.000100"}}"""));

        await using var trig = await TrigProcess.StartServiceAsync(dir,
            $"--Trig:Store:ConnectionString=Data Source={db}",
            $"--Trig:Definitions:Path={Path.Combine(dir, "lifecycle")}",
            $"--Trig:Slack:BaseUrl={slack.Url}/",
            "--Trig:Slack:BotToken=xoxb-test-token",
            "--Trig:Slack:ChannelInterval=00:00:00.010",
            "--Trig:Ingest:WriteKey=" + IngestTestHost.WriteKey,
            "--Trig:Schedule:Cycle=0 0 0 1 1 ? 2099",
            $"--Trig:Ingest:WakeFastPath={wake}");

        // The seeded records are dirty: the first fast-path run registers the definitions (their live time).
        await Task.Delay(1500);
        using var http = new HttpClient { BaseAddress = new Uri(trig.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = IngestTestHost.Basic(IngestTestHost.WriteKey);

        var latencies = new List<double>();
        var fromAck = new List<double>();
        double? first = null;

        // Iteration 0 warms the process up (JIT, first Slack connection); it is reported, not counted in the percentiles.
        for (var i = 0; i <= Iterations; i++)
        {
            var body = $$"""{"userId":"user-{{i}}","event":"activated","messageId":"fp-{{i}}"}""";
            var sent = DateTime.UtcNow;
            var response = await http.PostAsync("/v1/track", new StringContent(body, Encoding.UTF8, "application/json"));
            var accepted = DateTime.UtcNow;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

            var name = $"Org-{i:00}";
            var sw = Stopwatch.StartNew();
            DateTime? received = null;
            while (received is null && sw.Elapsed < TimeSpan.FromSeconds(15))
            {
                received = slack.LogEntries
                    .Where(e => e.RequestMessage.Path == "/chat.postMessage" && (e.RequestMessage.Body ?? "").Contains(name, StringComparison.Ordinal))
                    .Select(e => (DateTime?)e.RequestMessage.DateTime.ToUniversalTime())
                    .FirstOrDefault();
                if (received is null)
                {
                    await Task.Delay(5);
                }
            }

            Assert.True(received is not null, $"no chat.postMessage for {name} within 15 s\n{trig.Output}");
            // Measured from the moment the call was sent (an upper bound: the event is committed, and the fast path
            // often posts to Slack, before the 200 reaches the client), and from the 200.
            if (i == 0)
            {
                first = (received!.Value - sent).TotalMilliseconds;
                continue;
            }

            latencies.Add((received!.Value - sent).TotalMilliseconds);
            fromAck.Add((received.Value - accepted).TotalMilliseconds);
        }

        var posts = slack.LogEntries.Where(e => e.RequestMessage.Path == "/chat.postMessage").ToList();
        Assert.Equal(Iterations + 1, posts.Count); // one message per organisation, none twice
        Assert.All(posts, p => Assert.Equal("Bearer xoxb-test-token", p.RequestMessage.Headers!["Authorization"].Single()));
        Assert.All(posts, p => Assert.Contains("\"C0123ALERTS\"", p.RequestMessage.Body!, StringComparison.Ordinal)); // "#alerts" posted to its id

        var sorted = latencies.OrderBy(x => x).ToArray();
        var p50 = Percentile(sorted, 0.50);
        var p95 = Percentile(sorted, 0.95);
        var ack = fromAck.OrderBy(x => x).ToArray();
        var report = $"WakeFastPath={wake}: track sent -> Slack chat.postMessage received over {Iterations} iterations: p50 {p50:0} ms, p95 {p95:0} ms, max {sorted[^1]:0} ms "
            + $"(all: {string.Join(", ", latencies.Select(l => l.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))}); "
            + $"from the 200 received: p50 {Percentile(ack, 0.5):0} ms, p95 {Percentile(ack, 0.95):0} ms; first event after start (warm-up, not counted): {first:0} ms";
        output.WriteLine(report);
        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), $"trig-fastpath-latency-wake-{wake}.txt"), report + "\n");
        // The latency figures are reported, not asserted: wall-clock speed belongs to bench/, not to a pass/fail test.

        await trig.DisposeAsync();
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static double Percentile(double[] sorted, double q)
    {
        // Nearest rank.
        var rank = (int)Math.Ceiling(q * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
