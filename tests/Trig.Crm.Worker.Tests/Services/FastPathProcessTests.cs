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
/// Slack message arrives at a WireMock Slack, once per organisation. No timing is asserted or reported here: the
/// latency figure is measured in bench/Trig.Crm.Dispatch.Bench.
/// </summary>
public sealed class FastPathProcessTests
{
    private const int Iterations = 20;

    /// <param name="wake">true: ingest wakes the fast path at once (default); false: the timed fast path (500 ms) alone.</param>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Track_CrossesAudience_SlackMessageArrivesOncePerOrganisation(bool wake)
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

        for (var i = 0; i <= Iterations; i++)
        {
            var body = $$"""{"userId":"user-{{i}}","event":"activated","messageId":"fp-{{i}}"}""";
            var response = await http.PostAsync("/v1/track", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

            var name = $"Org-{i:00}";
            var watch = new StallWatch(TimeSpan.FromSeconds(15));
            var received = false;
            // A stall bound, not a speed check: the message must come at all, and the service must not sit idle meanwhile.
            while (!received && watch.Moving($"{slack.LogEntries.Count}\n{trig.Output}"))
            {
                received = slack.LogEntries.Any(e => e.RequestMessage.Path == "/chat.postMessage" && (e.RequestMessage.Body ?? "").Contains(name, StringComparison.Ordinal));
                if (!received)
                {
                    await Task.Delay(5);
                }
            }

            Assert.True(received, $"no chat.postMessage for {name}\n{trig.Output}");
        }

        var posts = slack.LogEntries.Where(e => e.RequestMessage.Path == "/chat.postMessage").ToList();
        Assert.Equal(Iterations + 1, posts.Count); // one message per organisation, none twice
        Assert.All(posts, p => Assert.Equal("Bearer xoxb-test-token", p.RequestMessage.Headers!["Authorization"].Single()));
        Assert.All(posts, p => Assert.Contains("\"C0123ALERTS\"", p.RequestMessage.Body!, StringComparison.Ordinal)); // "#alerts" posted to its id

        await trig.DisposeAsync();
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
