using Microsoft.Extensions.Logging.Abstractions;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Engine.Insights;
using Trig.Crm.Engine.Options;
using Trig.Crm.Lifecycle.Actions;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Engine.Tests.Insights;

/// <summary>
/// A small hand-built store for the insights tests: organisations with known attributes, and memberships and
/// transitions written through the store's own commit, so every expected number can be worked out by hand.
/// All times are days after <see cref="T0"/>.
/// </summary>
internal sealed class InsightsData : IAsyncDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);

    public const string Yaml = """
        schema:
          organisation:
            name: string
            subscription_status: string
            seats: number
            arr: number
        behaviours:
          - key: invited_teammate
            name: Invited a teammate
            entity: organisation
            completion: [ seats >= 2 ]
          - key: rare_feature
            name: Rare feature
            entity: organisation
            completion: [ seats >= 50 ]
        cohorts:
          - key: paying
            name: Paying
            entity: organisation
            criteria: [ subscription_status = active ]
        stages:
          - key: onboarding
            name: Onboarding
            entity: organisation
            audience: [ seats >= 0 ]
            exit: { after: 30d }
            objectives:
              - { key: first_project, name: First project, completion: [ seats >= 5 ] }
        jobs:
          - key: nudge
            name: Nudge
            entity: organisation
            audience: [ seats >= 0 ]
            goal: [ seats >= 3 ]
            duration: 10d
            on_entry:
              - slack: { channel: "#cs", text: "nudge {name}" }
            follow_ups:
              - after: 3d
                actions:
                  - slack: { channel: "#cs", text: "again {name}" }
        signals:
          - key: slow_onboarding
            name: Slow onboarding
            type: slow_completers
            stage: onboarding
            arr_attribute: arr
        """;

    private readonly EvaluationResult _result = new();
    private readonly Dictionary<string, EntityState> _orgs = new(StringComparer.Ordinal);

    private InsightsData(TempStore temp, DefinitionSet set, DefinitionCatalog catalog)
    {
        Temp = temp;
        Set = set;
        Catalog = catalog;
    }

    public TempStore Temp { get; }

    public DefinitionSet Set { get; }

    public DefinitionCatalog Catalog { get; }

    public static async Task<InsightsData> CreateAsync()
    {
        var temp = await TempStore.CreateAsync("insights");
        var dir = Path.Combine(temp.Directory, "lifecycle");
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "lifecycle.yaml"), Yaml);
        var catalog = new DefinitionCatalog(Microsoft.Extensions.Options.Options.Create(new TrigOptions { Definitions = new() { Path = dir } }), NullLogger<DefinitionCatalog>.Instance);
        var set = catalog.Reload() ?? throw new InvalidOperationException(catalog.LastErrors);
        await temp.Store.SyncDefinitionsAsync(set, T0, default);
        return new InsightsData(temp, set, catalog);
    }

    public static DateTimeOffset Day(double days) => T0 + TimeSpan.FromDays(days);

    /// <summary>Organisations <c>org-01</c>… with the given attributes (a null status = no value: outcome unknown).</summary>
    public async Task OrganisationAsync(string id, string? status, double arr = 0, string? name = null)
    {
        var attrs = new Dictionary<string, AttributeValue>(StringComparer.Ordinal) { ["name"] = AttributeValue.Of(name ?? id), ["arr"] = AttributeValue.Of(arr) };
        if (status is not null)
        {
            attrs["subscription_status"] = AttributeValue.Of(status);
        }

        await Temp.Store.UpsertAsync([new CrmRecord(EntityKind.Organisation, id, null, attrs)], default);
        _orgs[id] = new EntityState(EntityKind.Organisation, id);
    }

    /// <summary>One run of an organisation in a definition: entered, then completed or exited (or still active), with follow-ups.</summary>
    public void Run(string org, string key, double entered, double? completed = null, double? exited = null, int run = 1, params double[] followUps)
    {
        var d = Set.ByKey[key];
        Transition T(TransitionKind kind, double at, int step = -1)
        {
            var t = new Transition(EntityKind.Organisation, org, key, d.Kind, kind, Day(at), d.Version, "test", run, step);
            _result.Transitions.Add(t);
            return t;
        }

        var enteredT = T(TransitionKind.Entered, entered);
        foreach (var a in d.OnEntry.Select((spec, i) => (spec, i)))
        {
            _result.Actions.Add(new PendingAction(enteredT, a.i, a.spec, false));
        }

        for (var step = 0; step < followUps.Length; step++)
        {
            var f = T(TransitionKind.FollowUp, followUps[step], step);
            foreach (var a in d.FollowUps[step].Actions.Select((spec, i) => (spec, i)))
            {
                _result.Actions.Add(new PendingAction(f, a.i, a.spec, false));
            }
        }

        if (completed is { } c)
        {
            T(TransitionKind.Completed, c);
        }
        else if (exited is { } x)
        {
            T(TransitionKind.Exited, x);
        }

        var m = new Membership(key)
        {
            Status = completed is not null ? MembershipStatus.Completed : exited is not null ? MembershipStatus.Exited : MembershipStatus.Active,
            EnteredAt = Day(entered),
            LastEntered = Day(entered),
            LastCompleted = completed is { } cc ? Day(cc) : null,
            LastExited = completed is null && exited is { } xx ? Day(xx) : null,
            Entries = run,
            Changed = true,
        };
        _result.Memberships.Add((_orgs[org], m));
    }

    /// <summary>Writes every run added so far in one commit.</summary>
    public async Task CommitAsync()
    {
        await Temp.Store.CommitAsync(_result, Set, null, default);
        _result.Transitions.Clear();
        _result.Actions.Clear();
        _result.Memberships.Clear();
    }

    /// <summary>
    /// The data set every insights test reads (days after T0):
    /// <list type="bullet">
    /// <item>Outcome (<c>subscription_status</c>): org-01..08 active, 09..10 cancelled, 11..13 active, 14..20 cancelled,
    /// 21..22 unknown (no value), 23..25 active.</item>
    /// <item>invited_teammate: entered by 01..22 on day 0; completed by 01..05 and 21 on day 2, by 06..10 on day 20.</item>
    /// <item>rare_feature: entered by 01..20 on day 0; completed by 01..04 on day 1.</item>
    /// <item>onboarding (stage): entered by 01..20 on day 0; completed by 01, 02, 03 on days 5, 6, 12; exited by 04..10 on day 30.</item>
    /// <item>first_project (objective): entered with the stage; completed by 01, 02, 03, 04 on days 1, 2, 4, 9; exited by 05..10 on day 30.</item>
    /// <item>paying (cohort): 01..08 are members.</item>
    /// <item>nudge (job, re-entered): 01 runs days 0→5 (follow-up day 3) and 20→21; 02 runs 0→exit 10 (follow-up day 3) and 15→17;
    /// 03 from day 30, still in it; 04 runs 0→7 (follow-up day 3).</item>
    /// <item>slow_onboarding (signal, ARR 11: 1000, 12: 2000, 14: 500): 11, 12, 13 enter on day 40, 13 leaves on day 41, 14 enters on day 44.</item>
    /// </list>
    /// </summary>
    public async Task SeedAsync()
    {
        string Org(int i) => $"org-{i:00}";
        for (var i = 1; i <= 25; i++)
        {
            var status = i is <= 8 or (>= 11 and <= 13) or >= 23 ? "active" : i is 21 or 22 ? null : "cancelled";
            await OrganisationAsync(Org(i), status, arr: i switch { 11 => 1000, 12 => 2000, 14 => 500, _ => 0 }, name: i == 5 ? "Acme, \"Big\" Co" : null);
        }

        for (var i = 1; i <= 22; i++)
        {
            Run(Org(i), "invited_teammate", 0, completed: i is <= 5 or 21 ? 2 : i <= 10 ? 20 : null);
        }

        for (var i = 1; i <= 20; i++)
        {
            Run(Org(i), "rare_feature", 0, completed: i <= 4 ? 1 : null);
            Run(Org(i), "onboarding", 0, completed: i switch { 1 => 5, 2 => 6, 3 => 12, _ => null }, exited: i is >= 4 and <= 10 ? 30 : null);
            Run(Org(i), "first_project", 0, completed: i switch { 1 => 1, 2 => 2, 3 => 4, 4 => 9, _ => null }, exited: i is >= 5 and <= 10 ? 30 : null);
        }

        for (var i = 1; i <= 8; i++)
        {
            Run(Org(i), "paying", 0);
        }

        Run("org-01", "nudge", 0, completed: 5, run: 1, followUps: 3);
        Run("org-02", "nudge", 0, exited: 10, run: 1, followUps: 3);
        Run("org-04", "nudge", 0, completed: 7, run: 1, followUps: 3);
        Run("org-02", "nudge", 15, completed: 17, run: 2);
        Run("org-01", "nudge", 20, completed: 21, run: 2);
        Run("org-03", "nudge", 30, run: 1);

        Run("org-11", "slow_onboarding", 40);
        Run("org-12", "slow_onboarding", 40);
        Run("org-13", "slow_onboarding", 40, exited: 41);
        Run("org-14", "slow_onboarding", 44);
        await CommitAsync();
    }

    public ValueTask DisposeAsync() => Temp.DisposeAsync();
}
