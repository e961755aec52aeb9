using System.Globalization;
using Npgsql;
using Trig.Crm.Store.Sqlite;
using Trig.Crm.Testing.Prerequisites;
using Trig.Crm.Testing.Processes;
using Trig.Crm.Testing.Stubs;
using Trig.Crm.Worker.Tests.Support;
using Xunit.Abstractions;

namespace Trig.Crm.Worker.Tests.Hosting;

/// <summary>
/// Three <c>trig run</c> processes on one PostgreSQL (started here from Debian's binaries), with HubSpot and Slack on
/// WireMock. HubSpot refuses any call above its real rolling limit (100 per 10 s). Cycles run every few seconds. One node
/// is SIGKILLed while a cycle it opened still has open shards, and another while its Slack post is in flight. Both
/// are restarted. Then:
/// <list type="bullet">
/// <item>every transition exists once;</item>
/// <item>every Slack message arrived once;</item>
/// <item>HubSpot got each metadata value once per change, with 0 × 429;</item>
/// <item>the memberships, transitions and final CRM values equal a single-node run over the same data.</item>
/// </list>
/// Waits are stall bounds only: nothing here asserts on time.
/// </summary>
public sealed class ClusterProcessTests(ITestOutputHelper output)
{
    private const int Organisations = 45;
    private const int Late = 9;

    /// <summary>Start-up bound for nodes starting together (each is ready once a cycle has completed in the store).</summary>
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromMinutes(4);

    [PostgresFact]
    public async Task ThreeNodes_TwoKilledMidCycleAndMidDispatch_EverythingHappensOnce_AndEqualsOneNode()
    {
        await using var pg = await PostgresServer.StartAsync();
        await ClusterProbe.CreateDatabaseAsync(pg.ConnectionString(), "trig");
        var db = pg.ConnectionString("trig");
        var dir = Directory.CreateTempSubdirectory("trig-cluster-").FullName;
        var lifecycle = ClusterScenario.WriteLifecycle(dir);

        // HubSpot's real limit and page size; the shared budget in the database must keep three nodes under it.
        using var hubspot = new HubSpotStub { PageSize = 100, RollingLimit = new(100, TimeSpan.FromSeconds(10)) };
        ClusterScenario.Seed(hubspot, 0, Organisations);
        using var slack = new FakeSlack();
        var firstHeld = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var armed = 0;
        slack.SlowFor = key => Volatile.Read(ref armed) == 1 && firstHeld.TrySetResult(key) ? TimeSpan.FromSeconds(30) : null; // its node is killed meanwhile

        var clock = System.Diagnostics.Stopwatch.StartNew(); // for the log only
        void Step(string what) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:0.0} s  {what}");
        var nodes = new List<TrigProcess>();
        var probe = new ClusterProbe(db, nodes);
        async Task StartAsync(int count)
        {
            var starting = Enumerable.Range(0, count).Select(_ => TrigProcess.StartServiceAsync(dir, ReadyWithin, ClusterScenario.Args(db, lifecycle, hubspot, slack))).ToList();
            try
            {
                await Task.WhenAll(starting);
            }
            finally
            {
                nodes.AddRange(starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result)); // disposed below, whatever happens
            }
        }

        try
        {
            // All three at once: each answers /health/ready once a cycle has completed in the store.
            await StartAsync(3);
            Step("three nodes ready");

            // 1. SIGKILL the node that opened a cycle while some of its shards are done and some are not.
            var midCycle = await probe.UntilAsync(probe.MidCycleOpenerAsync, "a cycle with shards both done and open");
            midCycle.Kill();
            Step("killed mid-cycle");

            // More organisations enter the behaviour, so Slack posts happen from here on; the first of them is held.
            Volatile.Write(ref armed, 1);
            ClusterScenario.Seed(hubspot, Organisations, Late, late: true);

            // 2. SIGKILL the node whose Slack post is in flight (the fake stored it and holds the answer).
            await probe.UntilAsync(() => Task.FromResult<string?>(firstHeld.Task.IsCompleted ? "" : null), "the held Slack post");
            var posting = await probe.UntilAsync(() => probe.HeldConnectionAsync(new Uri(slack.BaseUrl).Port), "the node posting to Slack");
            posting.Kill();
            Step("killed mid-dispatch");

            // 3. Restart both, then let the cluster settle: two more cycles closed, every action final.
            await StartAsync(2);
            var closed = await probe.ScalarAsync("SELECT count(*) FROM cluster_cycles WHERE closed_at IS NOT NULL");
            await probe.UntilAsync(
                async () => await probe.ScalarAsync("SELECT count(*) FROM cluster_cycles WHERE closed_at IS NOT NULL") >= closed + 2
                    && await probe.ScalarAsync("SELECT count(*) FROM outbox WHERE status IN ('pending', 'in_flight', 'retry')") == 0 ? "" : null,
                "two more cycles and every action final");
            Step("settled");

            // Quartz ran clustered: every node checked in to the one scheduler in the database.
            Assert.True(await probe.ScalarAsync("SELECT count(*) FROM qrtz_scheduler_state") >= 3);

            var transitions = await probe.RowsAsync("SELECT entity_id || ' ' || definition_key || ' ' || transition FROM transitions");
            Assert.NotEmpty(transitions);
            Assert.Equal(transitions.Count, transitions.Distinct(StringComparer.Ordinal).Count());

            var keys = await probe.RowsAsync("SELECT idempotency_key FROM outbox WHERE action_kind = 'slack' AND status = 'sent'");
            Assert.Equal(0, await probe.ScalarAsync("SELECT count(*) FROM outbox WHERE action_kind = 'slack' AND status <> 'sent'"));
            var posts = slack.Posts.Where(p => p.Key is not null).GroupBy(p => p.Key!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            Assert.Equal(ClusterScenario.Sorted(keys), ClusterScenario.Sorted(posts.Keys));
            Assert.All(posts, p => Assert.True(p.Value == 1, $"{p.Value} Slack messages for {p.Key}"));
            Assert.Contains(firstHeld.Task.Result, posts.Keys); // the post whose node died was found in Slack's history, not sent again

            Assert.Equal(0, hubspot.Refused);
            var pushed = ClusterScenario.Pushes(hubspot);
            Assert.NotEmpty(pushed);
            Assert.All(pushed, p => Assert.True(
                p.Value.Zip(p.Value.Skip(1)).All(pair => pair.First != pair.Second),
                $"{p.Key} was sent the same value twice in a row: {string.Join(", ", p.Value)}"));
            var memberships = await probe.RowsAsync("SELECT kind || ' ' || entity_id || ' ' || definition_key || ' ' || status FROM memberships");
            Step("cluster checked");

            // The same data through one node, on a SQLite store, a HubSpot and a Slack of its own.
            using var singleHubSpot = new HubSpotStub { PageSize = 100 };
            ClusterScenario.Seed(singleHubSpot, 0, Organisations);
            ClusterScenario.Seed(singleHubSpot, Organisations, Late, late: true);
            using var singleSlack = new FakeSlack();
            var single = $"Data Source={Path.Combine(dir, "single.db")}";
            var run = await TrigProcess.RunAsync(dir, ["sync", "--once", .. ClusterScenario.Args(single, lifecycle, singleHubSpot, singleSlack)]);
            Assert.True(run.ExitCode == 0, run.ToString());
            var one = new SqliteStore(single);
            Assert.Equal(ClusterScenario.Sorted(await ClusterProbe.SqliteRowsAsync(one, "SELECT kind || ' ' || entity_id || ' ' || definition_key || ' ' || status FROM memberships")), ClusterScenario.Sorted(memberships));
            Assert.Equal(ClusterScenario.Sorted(await ClusterProbe.SqliteRowsAsync(one, "SELECT entity_id || ' ' || definition_key || ' ' || transition FROM transitions")), ClusterScenario.Sorted(transitions));
            Assert.Equal(keys.Count, singleSlack.Posts.Count(p => p.Key is not null));
            Assert.Equal(ClusterScenario.FinalValues(singleHubSpot), ClusterScenario.FinalValues(hubspot));
            Step($"single node compared: {transitions.Count} transitions, {keys.Count} Slack messages, {pushed.Count} HubSpot values, {hubspot.Requests.Count} HubSpot calls");
        }
        finally
        {
            foreach (var n in nodes)
            {
                await n.DisposeAsync();
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            NpgsqlConnection.ClearAllPools();
        }
    }
}
