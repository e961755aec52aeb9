using Trig.Crm.Testing;
using System.Diagnostics;
using System.Globalization;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;

// Lifecycle benchmark: N organisations, 5N people, 20N events; a full evaluation of the sample lifecycle,
// peak memory, an incremental evaluation after 0.1% of the organisations change, and the sample's cohorts computed
// by the engine and by DuckDB SQL over the same data.
//   dotnet run -c Release --project bench/Trig.Crm.Bench -- --organisations 100000
var n = Arg("--organisations", 100_000);
var seed = Arg("--seed", 7);
var cohortsOnly = args.Contains("--cohorts-only"); // skips the full, steady-state and incremental passes (profiling)
var wholePass = args.Contains("--whole-pass"); // the full and steady-state passes as one result for every unit
var shardSize = Arg("--shard-size", 2000); // organisations per shard: the cluster's default ShardSize
var repo = RepoPaths.Root;
var load = DefinitionLoader.Load(RepoPaths.SampleLifecycleFiles());
var set = load.Set ?? throw new InvalidOperationException(string.Join("\n", load.Errors));
var now = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
var liveAt = now - TimeSpan.FromDays(31);
var runtime = set.All.ToDictionary(d => d.Key, _ => new DefinitionRuntime(liveAt, false));

Console.WriteLine($"Trig.Crm lifecycle benchmark: N = {n:N0} organisations, {5 * n:N0} people, {20 * n:N0} events; {set.All.Count()} definitions; {Environment.ProcessorCount} cores");
var sw = Stopwatch.StartNew();
var data = Generate(n, seed, now);
Console.WriteLine($"generated in {sw.Elapsed.TotalSeconds:0.0} s");
foreach (var e in data.Units.SelectMany(u => u.Entities))
{
    e.TrimExcess(); // as a load does once its events are in: event arrays grown by half as events came
}

if (!args.Contains("--no-compact"))
{
    // The generated data is this bench's fixture, held for the whole run: compact once what making it left behind
    // (event arrays grown one event at a time, strings made and interned away), which would otherwise stay as free
    // gaps in the oldest generation through every pass. The product holds one shard's load at a time.
    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
}

Console.WriteLine($"data in memory:         {GC.GetTotalMemory(true) / 1024d / 1024 / 1024,8:0.00} GB managed (attributes, events, ids); peak working set so far {Process.GetCurrentProcess().PeakWorkingSet64 / 1024d / 1024 / 1024:0.00} GB");

var input = new EvaluationInput(set, runtime, new Dictionary<(string, string), Benchmark>(), now);
if (!cohortsOnly)
{
    // The first pass as the product's cycle runs it: shard by shard (ShardSize organisations, the cluster's
    // default), each shard's result counted and dropped as its commit would; or, with --whole-pass, one result for
    // every unit at once (what a cycle did before it was sharded).
    sw.Restart();
    var first = wholePass ? WholePass(input, data.Units) : Sharded(input, data.Units, shardSize);
    var fullTime = sw.Elapsed;
    var afterFull = GC.GetTotalMemory(true);
    var peakFirst = Process.GetCurrentProcess().PeakWorkingSet64;
    Console.WriteLine($"full evaluation:        {fullTime.TotalSeconds,8:0.000} s  ({first.Entities:N0} entities, {first.Transitions:N0} transitions, {first.Actions:N0} actions, {n / fullTime.TotalSeconds:N0} orgs/s; {(wholePass ? "one result for every unit" : $"shards of {shardSize:N0} organisations, each result dropped after counting")})");
    Console.WriteLine($"after full evaluation:  {afterFull / 1024d / 1024 / 1024,8:0.00} GB managed (data + memberships{(wholePass ? " + the pass's result" : "")})");
    Console.WriteLine($"peak after full pass:   {peakFirst / 1024d / 1024 / 1024,8:0.00} GB working set");

    // Benchmarks learned from the first pass, then a second full pass (the steady state of an hourly cycle).
    input = input with { Benchmarks = BenchmarkCalculator.Compute(set, data.Units.Select(u => u.Organisation!)) };
    sw.Restart();
    var second = wholePass ? WholePass(input, data.Units) : Sharded(input, data.Units, shardSize);
    Console.WriteLine($"steady-state evaluation:{sw.Elapsed.TotalSeconds,8:0.000} s  ({second.Transitions:N0} transitions)");

    // Incremental: 0.1% of organisations change (a person logs in a lot, the org creates projects).
    var rng = new Random(seed + 1);
    var dirty = Enumerable.Range(0, Math.Max(1, n / 1000)).Select(_ => data.Units[rng.Next(data.Units.Count)]).Distinct().ToList();
    foreach (var u in dirty)
    {
        u.Organisation!.Attributes["projects_created"] = AttributeValue.Of(u.Organisation.Get("projects_created").AsNumber + 12);
        u.People[0].Attributes["logins_last_30d"] = AttributeValue.Of(25d);
    }

    sw.Restart();
    var inc = Evaluator.EvaluateAll(input, dirty);
    Console.WriteLine($"incremental (0.1%):     {sw.Elapsed.TotalMilliseconds,8:0.0} ms ({dirty.Count:N0} units, {inc.Transitions.Count:N0} transitions)");
    ResetChanged(inc);

    var peak = Process.GetCurrentProcess().PeakWorkingSet64;
    Console.WriteLine($"peak working set:       {peak / 1024d / 1024 / 1024,8:0.00} GB (managed heap now {GC.GetTotalMemory(false) / 1024d / 1024 / 1024:0.00} GB)");
}

// Cohorts: the engine over the cohort definitions (with the roll-ups they read) vs DuckDB SQL.
var cohortDefs = set.Ordered.Where(d => d.Kind == DefinitionKind.Cohort).ToList();
var cohorts = new DefinitionSet([.. cohortDefs], new DefinitionSet([.. cohortDefs], set.Rollups, set.Schema, "c").UsedRollups, set.Schema, "cohorts");
var cohortInput = input with { Definitions = cohorts };
// Engine and DuckDB take turns, round by round (a warm-up of each, then five timed rounds of each): on a shared
// machine a burst of other work then slows both sides alike instead of whichever happened to run during it.
using var duck = DuckCohorts.Load(data, now, liveAt);
Evaluator.EvaluateAll(cohortInput, data.Units); // warm-up
var duckCounts = duck.Round().Counts; // warm-up
const int Rounds = 5;
var engineTimes = new List<double>();
var duckTimes = new List<double>();
long allocated = 0;
for (var i = 0; i < Rounds; i++)
{
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    sw.Restart();
    var r = Evaluator.EvaluateAll(cohortInput, data.Units);
    engineTimes.Add(sw.Elapsed.TotalMilliseconds);
    allocated += GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
    ResetChanged(r);
    var (ms, counts) = duck.Round();
    duckTimes.Add(ms);
    duckCounts = counts;
}

var engineCounts = cohorts.Ordered.ToDictionary(d => d.Key, d => data.Units.SelectMany(u => u.Entities).Count(e => e.TryGetMembership(d.Key, out var m) && m.IsActive));
var engineMs = engineTimes.Min();
var duckMs = duckTimes.Min();
var roundRatios = engineTimes.Zip(duckTimes, (a, b) => a / b).Order().ToList();
Console.WriteLine($"cohorts, engine:        {engineMs,8:0.0} ms  {string.Join(", ", engineCounts.Select(c => $"{c.Key}={c.Value:N0}"))} ({allocated / Rounds / 1024d / 1024:0.0} MB allocated per pass)");
Console.WriteLine($"cohorts, DuckDB SQL:    {duckMs,8:0.0} ms  {string.Join(", ", duckCounts.Select(c => $"{c.Key}={c.Value:N0}"))}");
Console.WriteLine($"rounds (engine/DuckDB): {string.Join(", ", engineTimes.Zip(duckTimes, (a, b) => $"{a:0}/{b:0}"))} ms; per-round ratio median {roundRatios[Rounds / 2]:0.00}, worst {roundRatios[^1]:0.00}");
Console.WriteLine($"engine / DuckDB time:   {engineMs / duckMs,8:0.00}  (best of {Rounds} each; {(engineMs <= duckMs ? "engine no slower" : "engine slower")}; counts {(engineCounts.OrderBy(k => k.Key).SequenceEqual(duckCounts.OrderBy(k => k.Key)) ? "agree" : "DIFFER")})");
return;

// One shard at a time through the same call the cluster's shard runner makes; the result is counted, its changed
// memberships marked written (what the commit does), and dropped before the next shard.
static PassCounts Sharded(EvaluationInput input, List<EvaluationUnit> units, int shardSize)
{
    var counts = new PassCounts();
    for (var start = 0; start < units.Count; start += shardSize)
    {
        var r = Evaluator.EvaluateAll(input, units.GetRange(start, Math.Min(shardSize, units.Count - start)));
        counts.Add(r);
        ResetChanged(r);
    }

    return counts;
}

static PassCounts WholePass(EvaluationInput input, List<EvaluationUnit> units)
{
    var r = Evaluator.EvaluateAll(input, units);
    var counts = new PassCounts();
    counts.Add(r);
    ResetChanged(r);
    return counts;
}

static void ResetChanged(EvaluationResult r)
{
    foreach (var (_, m) in r.Memberships)
    {
        m.Changed = false;
    }
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static BenchData Generate(int n, int seed, DateTimeOffset now)
{
    var rng = new Random(seed);
    string[] plans = ["Free", "Starter", "Premium", "Enterprise"];
    string[] events = ["login", "project_created", "project_link_clicked", "project_shared", "board_created", "user_invited", "integration_connected"];
    var units = new List<EvaluationUnit>(n);
    // One attribute table per kind for the whole load, as the store's unit loads make one per load.
    var orgTable = new AttributeTable(EntityKind.Organisation);
    var personTable = new AttributeTable(EntityKind.Person);
    for (var i = 0; i < n; i++)
    {
        var e = Math.Pow(rng.NextDouble(), 1.6);
        var org = new EntityState(EntityKind.Organisation, "o" + i.ToString(CultureInfo.InvariantCulture), orgTable);
        var a = org.Attributes;
        var trial = rng.NextDouble() < 0.4;
        a["license_type"] = AttributeValue.Of(trial ? "trial" : "commercial");
        a["plan"] = AttributeValue.Of(trial ? "Free" : plans[1 + rng.Next(3)]);
        a["acquisition_channel"] = AttributeValue.Of(rng.NextDouble() < 0.6 ? "self_serve" : "sales");
        a["first_session_date"] = AttributeValue.Of(now - TimeSpan.FromDays(rng.NextDouble() * 90));
        a["days_since_signup"] = AttributeValue.Of(Math.Floor((now - a["first_session_date"].AsDateTime).TotalDays));
        a["arr"] = AttributeValue.Of(trial ? 0 : Math.Round(rng.NextDouble() * 100_000));
        a["renewal_date"] = AttributeValue.Of(now + TimeSpan.FromDays(rng.NextDouble() * 365));
        a["last_login"] = AttributeValue.Of(now - TimeSpan.FromDays(rng.NextDouble() * 40 * (1 - e)));
        a["projects_created"] = AttributeValue.Of(Math.Floor(e * 15));
        a["boards_created"] = AttributeValue.Of(Math.Floor(e * 12));
        a["boards_joined"] = AttributeValue.Of(Math.Floor(e * 5));
        a["users_invited"] = AttributeValue.Of(e > 0.97 ? 120 : Math.Floor(e * 30));
        a["team_members"] = AttributeValue.Of(1 + Math.Floor(e * 8));
        a["sessions_per_week"] = AttributeValue.Of(Math.Round(e * 9));
        a["features_used"] = AttributeValue.Of(Math.Round(e * 11));
        a["feature_x_used"] = AttributeValue.Of(rng.NextDouble() < e * 0.5 ? 1 : 0);
        a["integrations_connected"] = AttributeValue.Of(Math.Floor(e * 3));
        a["setup_completed"] = AttributeValue.Of(rng.NextDouble() < 0.3 + (0.6 * e));
        a["first_value_action"] = AttributeValue.Of(rng.NextDouble() < e);
        a["return_visits"] = AttributeValue.Of(Math.Floor(e * 8));
        a["owner_email"] = AttributeValue.Of("owner" + (i % 50).ToString(CultureInfo.InvariantCulture) + "@vendor.example");
        var people = new List<EntityState>(5);
        for (var p = 0; p < 5; p++)
        {
            var person = new EntityState(EntityKind.Person, org.Id + "p" + p.ToString(CultureInfo.InvariantCulture), personTable) { OrganisationId = org.Id };
            var pa = person.Attributes;
            pa["is_admin"] = AttributeValue.Of(p == 0);
            pa["sign_up_date"] = AttributeValue.Of(now - TimeSpan.FromDays(rng.NextDouble() * 20));
            pa["first_project_created"] = AttributeValue.Of(rng.NextDouble() < e ? 1 : 0);
            pa["logins_last_30d"] = AttributeValue.Of(Math.Floor(rng.NextDouble() * 30 * e));
            pa["session_minutes_30d"] = AttributeValue.Of(Math.Floor(rng.NextDouble() * 600 * e));
            people.Add(person);
        }

        // 20 events per organisation on average, more for engaged ones, over its people (and a few on the org).
        var eventCount = (int)Math.Round(20 * (0.2 + (2.08 * e)));
        for (var k = 0; k < eventCount; k++)
        {
            var at = now - TimeSpan.FromMinutes(rng.Next(30 * 24 * 60));
            var name = k % 10 < 7 ? "login" : events[1 + rng.Next(events.Length - 1)];
            var target = k % 7 == 6 ? org : people[rng.Next(people.Count)];
            target.Events.Add(name, at);
        }

        units.Add(new EvaluationUnit(org, people));
    }

    return new BenchData(units);
}

internal sealed record BenchData(List<EvaluationUnit> Units);

internal sealed class PassCounts
{
    public long Entities { get; private set; }

    public long Transitions { get; private set; }

    public long Actions { get; private set; }

    public void Add(EvaluationResult r)
    {
        Entities += r.EntitiesEvaluated;
        Transitions += r.Transitions.Count;
        Actions += r.Actions.Count;
    }
}
