using Microsoft.Extensions.Time.Testing;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Tests;

/// <summary>
/// Drives the pure evaluator the way the worker does: a definition set, runtime state per definition, benchmarks
/// and a clock that tests move. Memberships stay in the entities between evaluations, as the store keeps them.
/// </summary>
internal sealed class LifecycleHarness
{
    public static readonly DateTimeOffset Start = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A schema every test can name attributes and events from.</summary>
    public const string Schema = """
        schema:
          organisation:
            name: string
            owner_email: string
            license_type: string
            plan: string
            first_session_date: datetime
            renewal_date: datetime
            last_login: datetime
            arr: number
            seats: number
            projects_created: number
            boards_joined: number
            team_members: number
            setup_completed: bool
            first_value_action: bool
            return_visits: number
            engagement_restored: bool
            health_status: string
            tags: list
          person:
            email: string
            first_name: string
            sign_up_date: datetime
            first_project_created: number
            logins_last_30d: number
            is_admin: bool
          events:
            - project_link_clicked
            - project_created
            - invoice_sent
            - login
        """;

    public LifecycleHarness(string definitionsYaml)
    {
        var result = DefinitionLoader.Load([("schema.yaml", Schema), ("test.yaml", definitionsYaml)]);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Diagnostics));
        Set = result.Set!;
    }

    public FakeTimeProvider Clock { get; } = new(Start);

    public DefinitionSet Set { get; }

    public Dictionary<string, DefinitionRuntime> Runtime { get; } = new(StringComparer.Ordinal);

    public Dictionary<(string Stage, string Objective), Benchmark> Benchmarks { get; set; } = [];

    public DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>Evaluates a unit at the clock's time, then clears the Changed flags as the store does after a commit.</summary>
    public EvaluationResult Evaluate(EvaluationUnit unit)
    {
        var result = new EvaluationResult();
        Evaluator.EvaluateUnit(new EvaluationInput(Set, Runtime, Benchmarks, Now), unit, result);
        foreach (var (_, m) in result.Memberships)
        {
            m.Changed = false;
        }

        return result;
    }

    public EvaluationResult Evaluate(EntityState organisation, params EntityState[] people) =>
        Evaluate(new EvaluationUnit(organisation, [.. people]));

    public EvaluationResult EvaluatePerson(EntityState person) => Evaluate(new EvaluationUnit(null, [person]));

    public void Advance(TimeSpan by) => Clock.Advance(by);

    public void GoLive(string key, DateTimeOffset at, bool paused = false) => Runtime[key] = new DefinitionRuntime(at, paused);

    public static EntityState Org(string id = "org-1") => new(EntityKind.Organisation, id);

    public static EntityState Person(string id = "person-1", string? organisationId = "org-1") =>
        new(EntityKind.Person, id) { OrganisationId = organisationId };
}

internal static class EntityStateExtensions
{
    public static EntityState With(this EntityState e, string name, string value)
    {
        e.Attributes[name] = AttributeValue.Of(value);
        return e;
    }

    public static EntityState With(this EntityState e, string name, double value)
    {
        e.Attributes[name] = AttributeValue.Of(value);
        return e;
    }

    public static EntityState With(this EntityState e, string name, bool value)
    {
        e.Attributes[name] = AttributeValue.Of(value);
        return e;
    }

    public static EntityState With(this EntityState e, string name, DateTimeOffset value)
    {
        e.Attributes[name] = AttributeValue.Of(value);
        return e;
    }

    public static EntityState WithList(this EntityState e, string name, params string[] list)
    {
        e.Attributes[name] = AttributeValue.Of(list);
        return e;
    }

    public static Membership M(this EntityState e, string key) =>
        e.Memberships.TryGetValue(key, out var m) ? m : throw new Xunit.Sdk.XunitException($"{e.Id} never entered '{key}'");

    public static bool IsIn(this EntityState e, string key) => e.Memberships.TryGetValue(key, out var m) && m.IsActive;

    public static bool Entered(this EntityState e, string key) => e.Memberships.ContainsKey(key);

    public static IEnumerable<Transition> For(this EvaluationResult r, string key) => r.Transitions.Where(t => t.DefinitionKey == key);

    public static IEnumerable<TransitionKind> Kinds(this EvaluationResult r, string key) => r.For(key).Select(t => t.Kind);
}
