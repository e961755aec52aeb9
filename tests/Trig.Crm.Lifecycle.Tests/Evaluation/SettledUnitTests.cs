using CsCheck;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Testing;

namespace Trig.Crm.Lifecycle.Tests.Evaluation;

/// <summary>
/// "Settled until U" is a promise: evaluated again at any time before U with no new data, the unit changes nothing.
/// Checked over random organisations, people and events under the sample lifecycle (relative dates both ways, event
/// windows, time limits, durations, follow-ups, exit.after, roll-ups with filters and slow-objective signals), by
/// evaluating the same units at a sequence of later times, some of them just before a promised instant.
/// </summary>
public sealed class SettledUnitTests
{
    private static readonly DefinitionSet Sample = Load([]);

    /// <summary>
    /// Timers alone (no relative dates, which in the sample end most runs before their timers would): a time limit,
    /// exit.after, a job's duration and follow-ups, an event window, and a slow-objective signal.
    /// </summary>
    private static readonly DefinitionSet Timers = Load([("timers.yaml", """
        behaviours:
          - key: t_limit
            name: Limit
            entity: organisation
            audience:
              - plan in [Premium, Enterprise]
            completion: [ projects_created >= 3 ]
            time_limit: 5d
        cohorts:
          - { key: t_busy, name: Busy, entity: organisation, criteria: [ login occurred >= 3 times within 6 days ] }
        stages:
          - key: t_stage
            name: Stage
            entity: organisation
            audience: [ boards_created >= 1 ]
            exit: { after: 9d }
            objectives:
              - { key: t_obj, name: Objective, completion: [ team_members >= 3 ] }
        signals:
          - { key: t_slow, name: Slow, type: slow_completers, stage: t_stage, factor: 1.5, min_completions: 10 }
        jobs:
          - key: t_job
            name: Job
            entity: person
            audience: [ is_admin = true ]
            reentry: false
            goal: [ logins_last_30d >= 29 ]
            duration: 12d
            follow_ups:
              - { after: 2d, actions: [ { slack: { channel: "#x", text: "one" } } ] }
              - { after: 4d, actions: [ { slack: { channel: "#x", text: "two" } } ] }
        """)], sampleDefinitions: false);
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] Plans = ["Free", "Starter", "Premium", "Enterprise"];
    private static readonly string[] Events = ["login", "project_created", "project_link_clicked", "project_shared", "board_created"];

    private static readonly Dictionary<(string, string), Benchmark> Benchmarks = new()
    {
        [("onboarding", "created_first_project")] = new("onboarding", "created_first_project", TimeSpan.FromDays(2), 40),
        [("onboarding", "created_first_board")] = new("onboarding", "created_first_board", TimeSpan.FromDays(4), 40),
        [("onboarding", "invited_team_member")] = new("onboarding", "invited_team_member", TimeSpan.FromDays(6), 40),
        [("t_stage", "t_obj")] = new("t_stage", "t_obj", TimeSpan.FromDays(2), 40),
    };

    /// <summary>Minutes relative to T0 (−60 … +30 days): past, present and future values and events.</summary>
    private static readonly Gen<int> Minute = Gen.Int[-60 * 1440, 30 * 1440];

    private static readonly Gen<PersonSpec> Person = Gen.Select(
        Gen.Bool, Minute, Gen.Int[0, 30], Gen.Select(Gen.Int[0, Events.Length - 1], Minute).Array[0, 25],
        (admin, signUp, logins, events) => new PersonSpec(admin, signUp, logins, events));

    private static readonly Gen<OrgSpec> Org = Gen.Select(
        Gen.Select(Gen.Int[0, 3], Gen.Bool, Gen.Bool, Minute, Minute, Minute),
        Gen.Int[0, 3].Array[6],
        Person.Array[0, 4],
        (a, counts, people) => new OrgSpec(a.Item1, a.Item2, a.Item3, a.Item4, a.Item5, a.Item6, counts, people));

    /// <summary>Steps forward in minutes: small and large, so both near and far horizons are crossed.</summary>
    private static readonly Gen<int> Step = Gen.OneOf(Gen.Int[1, 120], Gen.Int[120, 20 * 1440]);

    [Theory]
    [InlineData("sample")]
    [InlineData("timers")]
    public void NoUnitChangesBeforeItsSettledTime_AndTrackingChangesNothing(string definitions)
    {
        var set = definitions == "sample" ? Sample : Timers;
        var checkedBefore = 0;
        var checkedJustBefore = 0;
        Gen.Select(Org.Array[1, 4], Step.Array[4, 8], Gen.Bool.Array[8]).Sample((orgs, steps, nearEdge) =>
        {
            var tracked = Build(orgs);
            var plain = Build(orgs);
            var now = T0;
            var settled = Run(set, tracked, plain, now);
            for (var i = 0; i < steps.Length; i++)
            {
                // Half of the steps land one millisecond before the earliest promised instant still ahead.
                var edge = settled.Values.Where(u => u is { } x && x > now.AddMilliseconds(1)).Min();
                var next = nearEdge[i] && edge is { } e ? e.AddMilliseconds(-1) : now.AddMinutes(steps[i]);
                var before = settled;
                var changed = Changed(set, tracked, plain, next, out settled);
                foreach (var (id, until) in before)
                {
                    if (until is null || next < until)
                    {
                        Assert.False(changed.Contains(id), $"{id} changed at {next:O}, though settled until {until:O}");
                        checkedBefore++;
                        checkedJustBefore += until is { } u && u - next <= TimeSpan.FromMilliseconds(1) ? 1 : 0;
                    }
                }

                now = next;
            }
        }, iter: 300);

        // Not vacuous: many units were promised a later time and held to it, some a millisecond before it.
        Assert.True(checkedBefore > 500, $"only {checkedBefore} checks before a settled time");
        Assert.True(checkedJustBefore > 20, $"only {checkedJustBefore} checks just before a settled time");
    }

    [Fact]
    public void AUnitThatChanged_IsSettledOnlyUntilThatEvaluation()
    {
        var unit = Build([new OrgSpec(2, true, true, 0, 0, 200 * 1440, [1, 1, 1, 1, 1, 1], [])])[0];
        var result = Evaluate(Sample, [unit], T0);

        Assert.NotEmpty(result.Transitions);
        Assert.Equal(T0, Assert.Single(result.Settled).Until);
    }

    [Fact]
    public void AUnitWithNothingTimeDependent_IsSettledForGood()
    {
        var set = DefinitionLoader.Load([("schema.yaml", LifecycleHarness.Schema), ("c.yaml", """
            cohorts:
              - { key: premium, name: Premium, entity: organisation, criteria: [ plan = Premium ] }
            """)]).Set!;
        var org = new EntityState(EntityKind.Organisation, "o1");
        org.Attributes["plan"] = AttributeValue.Of("Starter");
        var result = new EvaluationResult();
        Evaluator.EvaluateUnit(new EvaluationInput(set, new Dictionary<string, DefinitionRuntime>(), Benchmarks, T0) { Horizons = true }, new EvaluationUnit(org, []), result);

        Assert.Null(Assert.Single(result.Settled).Until);
    }

    [Fact]
    public void AnEventWindow_IsSettledUntilItsEarliestCountedEventLeavesIt()
    {
        var set = DefinitionLoader.Load([("schema.yaml", LifecycleHarness.Schema), ("c.yaml", """
            cohorts:
              - { key: busy, name: Busy, entity: organisation, criteria: [ login occurred >= 2 times within 7 days ] }
            """)]).Set!;
        var org = new EntityState(EntityKind.Organisation, "o1");
        org.Events.Add("login", T0.AddDays(-3));
        org.Events.Add("login", T0.AddDays(-1));
        var first = new EvaluationResult();
        var input = new EvaluationInput(set, new Dictionary<string, DefinitionRuntime>(), Benchmarks, T0) { Horizons = true };
        Evaluator.EvaluateUnit(input, new EvaluationUnit(org, []), first);
        foreach (var (_, m) in first.Memberships)
        {
            m.Changed = false;
        }

        var second = new EvaluationResult();
        Evaluator.EvaluateUnit(input with { Now = T0.AddHours(1) }, new EvaluationUnit(org, []), second);

        Assert.Empty(second.Transitions);
        Assert.Equal(T0.AddDays(4), Assert.Single(second.Settled).Until);
    }

    private static Dictionary<string, DateTimeOffset?> Run(DefinitionSet set, List<EvaluationUnit> tracked, List<EvaluationUnit> plain, DateTimeOffset at)
    {
        Changed(set, tracked, plain, at, out var settled);
        return settled;
    }

    /// <summary>Evaluates both copies at <paramref name="at"/>; they must agree. Returns the units that changed.</summary>
    private static HashSet<string> Changed(DefinitionSet set, List<EvaluationUnit> tracked, List<EvaluationUnit> plain, DateTimeOffset at, out Dictionary<string, DateTimeOffset?> settled)
    {
        var withHorizons = Evaluate(set, tracked, at);
        var without = Evaluate(set, plain, at, horizons: false);
        Assert.Equal(Describe(without), Describe(withHorizons));
        Assert.Empty(without.Settled);
        settled = withHorizons.Settled.ToDictionary(s => s.Id, s => s.Until, StringComparer.Ordinal);
        var orgOf = tracked.SelectMany(u => u.Entities.Select(e => (e.Id, Unit: u.Organisation?.Id ?? e.Id))).ToDictionary(x => x.Id, x => x.Unit, StringComparer.Ordinal);
        return withHorizons.Memberships.Select(m => orgOf[m.Entity.Id])
            .Concat(withHorizons.Transitions.Select(t => orgOf[t.EntityId]))
            .Concat(withHorizons.AttributeChanges.Select(c => orgOf[c.EntityId]))
            .ToHashSet(StringComparer.Ordinal);
    }

    private static EvaluationResult Evaluate(DefinitionSet set, List<EvaluationUnit> units, DateTimeOffset at, bool horizons = true)
    {
        var input = new EvaluationInput(set, new Dictionary<string, DefinitionRuntime>(), Benchmarks, at) { Horizons = horizons };
        var result = new EvaluationResult();
        foreach (var u in units)
        {
            Evaluator.EvaluateUnit(input, u, result);
        }

        foreach (var (_, m) in result.Memberships)
        {
            m.Changed = false;
        }

        return result;
    }

    private static List<string> Describe(EvaluationResult r) =>
        [.. r.Transitions.Select(t => $"{t.EntityId} {t.DefinitionKey} {t.Kind} {t.FollowUpStep} {t.Reason}"), .. r.AttributeChanges.Select(c => $"{c.EntityId} {c.Name}={c.Value}")];

    private static List<EvaluationUnit> Build(OrgSpec[] orgs)
    {
        var units = new List<EvaluationUnit>();
        for (var i = 0; i < orgs.Length; i++)
        {
            var s = orgs[i];
            var org = new EntityState(EntityKind.Organisation, $"o{i}");
            org.Attributes["plan"] = AttributeValue.Of(Plans[s.Plan]);
            org.Attributes["license_type"] = AttributeValue.Of(s.Commercial ? "commercial" : "trial");
            org.Attributes["acquisition_channel"] = AttributeValue.Of(s.SelfServe ? "self_serve" : "sales");
            org.Attributes["first_session_date"] = AttributeValue.Of(T0.AddMinutes(s.FirstSession));
            org.Attributes["last_login"] = AttributeValue.Of(T0.AddMinutes(s.LastLogin));
            org.Attributes["renewal_date"] = AttributeValue.Of(T0.AddMinutes(s.Renewal));
            string[] counted = ["projects_created", "boards_created", "team_members", "integrations_connected", "sessions_per_week", "feature_x_used"];
            for (var c = 0; c < counted.Length; c++)
            {
                org.Attributes[counted[c]] = AttributeValue.Of(s.Counts[c]);
            }

            var people = new List<EntityState>();
            for (var p = 0; p < s.People.Length; p++)
            {
                var ps = s.People[p];
                var person = new EntityState(EntityKind.Person, $"o{i}p{p}") { OrganisationId = org.Id };
                person.Attributes["is_admin"] = AttributeValue.Of(ps.Admin);
                person.Attributes["sign_up_date"] = AttributeValue.Of(T0.AddMinutes(ps.SignUp));
                person.Attributes["logins_last_30d"] = AttributeValue.Of(ps.Logins);
                foreach (var (name, minute) in ps.Events)
                {
                    person.Events.Add(Events[name], T0.AddMinutes(minute));
                }

                people.Add(person);
            }

            units.Add(new EvaluationUnit(org, people));
        }

        return units;
    }

    private static DefinitionSet Load(List<(string File, string Content)> extra, bool sampleDefinitions = true)
    {
        var files = RepoPaths.SampleLifecycleFiles().Where(f => sampleDefinitions || f.File.EndsWith("schema.yaml", StringComparison.Ordinal)).Concat(extra).ToList();
        var result = DefinitionLoader.Load(files);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Diagnostics));
        return result.Set!;
    }

    private sealed record PersonSpec(bool Admin, int SignUp, int Logins, (int Name, int Minute)[] Events);

    private sealed record OrgSpec(int Plan, bool Commercial, bool SelfServe, int FirstSession, int LastLogin, int Renewal, int[] Counts, PersonSpec[] People);
}
