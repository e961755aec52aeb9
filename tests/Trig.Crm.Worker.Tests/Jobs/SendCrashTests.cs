using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Trig.Crm.Engine.Cycle;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Engine.Outbox;
using Trig.Crm.Ingest.Csv;
using Trig.Crm.Store;
using Trig.Crm.Testing.Prerequisites;
using Trig.Crm.Testing.Smtp;
using Trig.Crm.Worker.Hosting;
using Trig.Crm.Worker.Tests.Support;

namespace Trig.Crm.Worker.Tests.Jobs;

/// <summary>
/// The crash suite for outbound actions: one organisation enters a behaviour with a Slack and a webhook action; the
/// send of one of them crashes at each <see cref="SendCrashPoint"/> (see <see cref="SendCrash"/>), and a fresh host
/// on the same store file (empty caches, the clock past the lease) resumes. Slack must hold exactly one message, for
/// a channel given by name, a channel id and an owner DM alike. A webhook is at-least-once by key: resent at most
/// once, with the same Idempotency-Key and body, and never when the request did not leave. Email goes to a real
/// SMTP server on loopback (aiosmtpd) and has no receiver-side check to consult, so a send whose answer was lost,
/// or whose row was not marked, is sent again: exactly one more copy, with the same Message-ID and
/// X-Trig-Idempotency-Key, for the receiver to drop. Its crash points: before the request and after the answer are
/// the same store marks as for the other channels; the lost answer is cut on the wire by <see cref="SmtpCrashRelay"/>,
/// after the server has stored the message and before its 250 reaches trig.
/// </summary>
public sealed class SendCrashTests : IDisposable
{
    private readonly FakeSlack _slack = new();
    private readonly FakeWebhookReceiver _hooks = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow); // the fake Slack's ts are wall-clock
    private CrashWorkspace? _ws;

    public static TheoryData<string, SendCrashPoint> SlackCases()
    {
        var data = new TheoryData<string, SendCrashPoint>();
        foreach (var target in new[] { "channel: \"#cs-alerts\"", "channel: C0CSALERT", "to: owner" })
        {
            foreach (var point in Enum.GetValues<SendCrashPoint>())
            {
                data.Add(target, point);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SlackCases))]
    public async Task Dispatch_CrashMidSlackPost_ResumePostsExactlyOnce(string slackTarget, SendCrashPoint point)
    {
        var crash = new SendCrash(point, "chat.postMessage");
        await CrashAndResumeAsync(slackTarget, "slack", crash);

        var key = Assert.Single(Rows(), r => r.Kind == "slack").Key;
        var posts = _slack.Posts.Where(p => p.Key == key).ToList();
        var expectedChannel = slackTarget == "to: owner" ? FakeSlack.DmOf(CrashWorkspace.OwnerOf(1)) : "C0CSALERT";
        Assert.True(posts.Count == 1, $"{posts.Count} messages for {key} after a crash at {point}");
        Assert.Equal(expectedChannel, posts[0].Channel);
        Assert.Single(_hooks.Deliveries); // the other action went out once, untouched by the crash
    }

    [Theory]
    [InlineData(SendCrashPoint.BeforeRequest, 1)]
    [InlineData(SendCrashPoint.ResponseLost, 2)]
    [InlineData(SendCrashPoint.AfterResponseBeforeMark, 2)]
    public async Task Dispatch_CrashMidWebhook_ResumeResendsSameKeyAndBodyAtMostOnce(SendCrashPoint point, int deliveries)
    {
        var crash = new SendCrash(point, "/hook");
        await CrashAndResumeAsync("channel: C0CSALERT", "webhook", crash);

        var key = Assert.Single(Rows(), r => r.Kind == "webhook").Key;
        var got = _hooks.Deliveries;
        Assert.Equal(deliveries, got.Count);
        Assert.All(got, d => Assert.Equal(key, d.Key));
        Assert.Single(got.Select(d => d.Body).Distinct());
        Assert.Single(_slack.Posts);
    }

    [SmtpTheory]
    [InlineData(SendCrashPoint.BeforeRequest, 1)]
    [InlineData(SendCrashPoint.ResponseLost, 2)]
    [InlineData(SendCrashPoint.AfterResponseBeforeMark, 2)]
    public async Task Dispatch_CrashMidEmail_ResumeResendsSameMessageIdAndKeyAtMostOnce(SendCrashPoint point, int copies)
    {
        var smtp = new SmtpServerFixture(); // one server per case: the copies counted are this case's only
        await smtp.InitializeAsync();
        try
        {
            var crash = new SendCrash(point, SmtpCrashRelay.Target);
            using (var relay = new SmtpCrashRelay(smtp.Port, crash))
            {
                await CrashAndResumeAsync("channel: C0CSALERT", "email", crash, relay.Port);
            }

            var key = Assert.Single(Rows(), r => r.Kind == "email").Key;
            var got = smtp.Messages();
            Assert.True(got.Count == copies, $"{got.Count} emails after a crash at {point}, expected {copies}");
            Assert.All(got, m => Assert.Equal(key, m.Headers["X-Trig-Idempotency-Key"]));
            Assert.All(got, m => Assert.Equal(CrashWorkspace.ContactOf(1), Assert.Single(m.To.Mailboxes).Address));
            var messageId = Assert.Single(got.Select(m => m.MessageId).Distinct());
            Assert.StartsWith("trig.", messageId, StringComparison.Ordinal);
            Assert.Single(_slack.Posts); // the other actions went out once
            Assert.Single(_hooks.Deliveries);
        }
        finally
        {
            await smtp.DisposeAsync();
        }
    }

    public void Dispose()
    {
        _slack.Dispose();
        _hooks.Dispose();
        SqliteConnection.ClearAllPools();
        _ws?.Dispose();
    }

    private async Task CrashAndResumeAsync(string slackTarget, string kind, SendCrash crash, int? smtpPort = null)
    {
        _ws = new CrashWorkspace(1, _slack, _hooks, slackTarget: slackTarget, smtpPort: smtpPort);
        string[] args = [.. _ws.ConfigArgs, "--Trig:Schedule:DispatchConcurrency=1"];
        using (var first = TrigHost.BuildCli(args, b =>
        {
            b.Services.AddSingleton<TimeProvider>(_time);
            crash.Install(b);
        }))
        {
            await first.Services.GetRequiredService<ITrigStore>().MigrateAsync(default);
            var schema = first.Services.GetRequiredService<DefinitionCatalog>().Require().Schema;
            var import = await first.Services.GetRequiredService<CsvImporter>().ImportAsync(ImportKind.Organisations, Path.Combine(_ws.Dir, "orgs.csv"), schema, false, null, default);
            Assert.Empty(import.Errors);
            if (smtpPort is not null)
            {
                var people = await first.Services.GetRequiredService<CsvImporter>().ImportAsync(ImportKind.People, Path.Combine(_ws.Dir, "people.csv"), schema, false, null, default);
                Assert.Empty(people.Errors);
            }

            var cycle = await first.Services.GetRequiredService<FullCycle>().RunAsync(new FullCycleRequest(Dispatch: false), default);
            Assert.Equal(smtpPort is null ? 2 : 3, cycle.ActionsQueued);
            crash.TargetRowId = Assert.Single(Rows(), r => r.Kind == kind).Id;

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(crash.Token));
            Assert.True(crash.Crashed, "the crash point was never reached");
            Assert.NotEqual("sent", Rows().Single(r => r.Id == crash.TargetRowId).Status);
        }

        _time.Advance(TimeSpan.FromMinutes(1)); // past the 2-second lease of the crashed claim
        using var second = TrigHost.BuildCli(args, b => b.Services.AddSingleton<TimeProvider>(_time));
        var dispatcher = second.Services.GetRequiredService<OutboxDispatcher>();
        for (var i = 0; i < 5 && Rows().Any(r => r.Status != "sent"); i++)
        {
            await dispatcher.DispatchDueAsync(default);
            _time.Advance(TimeSpan.FromMinutes(10)); // past any retry backoff
        }

        Assert.All(Rows(), r => Assert.Equal("sent", r.Status));
    }

    private List<(long Id, string Key, string Kind, string Status)> Rows()
    {
        using var c = new SqliteConnection($"Data Source={_ws!.DbPath};Pooling=False");
        c.Open();
        using var q = c.CreateCommand();
        q.CommandText = "SELECT id, idempotency_key, action_kind, status FROM outbox ORDER BY id";
        using var r = q.ExecuteReader();
        var rows = new List<(long, string, string, string)>();
        while (r.Read())
        {
            rows.Add((r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3)));
        }

        return rows;
    }
}
