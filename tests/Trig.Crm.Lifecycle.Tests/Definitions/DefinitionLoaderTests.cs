using Trig.Crm.Lifecycle.Actions;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Tests.Definitions;

public sealed class DefinitionLoaderTests
{
    private static LoadResult Load(params string[] lines) =>
        DefinitionLoader.Load([("schema.yaml", LifecycleHarness.Schema), ("defs.yaml", string.Join('\n', lines) + "\n")]);

    private static Diagnostic SingleError(LoadResult r)
    {
        Assert.Null(r.Set);
        Assert.False(r.IsValid);
        return Assert.Single(r.Errors);
    }

    private static void AssertAt(Diagnostic d, int line, int column, string messagePart)
    {
        Assert.Equal(new SourceLocation("defs.yaml", line, column), d.Location);
        Assert.Contains(messagePart, d.Message, StringComparison.Ordinal);
        Assert.False(d.IsWarning);
    }

    [Fact]
    public void Load_ValidSet_ReturnsSetWithDefinitionsAndNoErrors()
    {
        var r = Load(
            "behaviours:",
            "  - key: b1",
            "    audience: [ plan = Premium ]",
            "    completion: [ seats >= 5 ]",
            "    time_limit: 14d");

        Assert.True(r.IsValid);
        Assert.Empty(r.Errors);
        var b = r.Set!.ByKey["b1"];
        Assert.Equal(DefinitionKind.Behaviour, b.Kind);
        Assert.Equal(EntityKind.Organisation, b.Entity);
        Assert.Equal(TimeSpan.FromDays(14), b.TimeLimit);
        Assert.Equal(new SourceLocation("defs.yaml", 2, 10), b.Location);
    }

    [Fact]
    public void Validate_UnknownAttribute_ReportsFileLineColumn()
    {
        var d = SingleError(Load(
            "behaviours:",
            "  - key: b1",
            "    audience:",
            "      - plann = Premium"));

        AssertAt(d, 4, 9, "unknown attribute 'plann'");
        Assert.Equal("defs.yaml:4:9: unknown attribute 'plann' for organisation (declare it under schema.organisation)", d.ToString());
    }

    [Fact]
    public void Validate_UnknownKeyInDefinition_ReportsTheKey()
    {
        var d = SingleError(Load(
            "behaviours:",
            "  - key: b1",
            "    audiance: [ plan = Premium ]"));

        AssertAt(d, 3, 5, "unknown key 'audiance' in behaviour");
    }

    [Fact]
    public void Validate_UnknownSection_ReportsTheKey()
    {
        var d = SingleError(Load(
            "behaviors: []",
            "journeys:",
            "  - key: x"));

        AssertAt(d, 2, 1, "unknown key 'journeys'");
    }

    [Fact]
    public void Validate_TypeMismatch_ReportsTheComparison()
    {
        var d = SingleError(Load(
            "cohorts:",
            "  - key: c1",
            "    criteria:",
            "      - seats >= many"));

        // Column 15 is the operator: "      - seats >= many".
        AssertAt(d, 4, 15, "type mismatch: 'seats' is number, compared with string 'many'");
    }

    [Fact]
    public void Validate_RelativeDateOnNumber_IsTypeMismatch()
    {
        var d = SingleError(Load(
            "cohorts:",
            "  - key: c1",
            "    criteria: [ seats within last 7 days ]"));

        AssertAt(d, 3, 23, "relative dates need a datetime");
    }

    [Fact]
    public void Validate_DuplicateYamlKey_ReportsTheSecondKey()
    {
        var d = SingleError(Load(
            "behaviours:",
            "  - key: b1",
            "    audience: [ plan = Premium ]",
            "    audience: [ plan = Free ]"));

        AssertAt(d, 4, 5, "duplicate key");
    }

    [Fact]
    public void Validate_DuplicateDefinitionKey_ReportsTheSecondDefinitionAndTheFirst()
    {
        var d = SingleError(Load(
            "behaviours:",
            "  - key: same_key",
            "    completion: [ seats >= 1 ]",
            "cohorts:",
            "  - key: same_key",
            "    criteria: [ seats >= 1 ]"));

        AssertAt(d, 5, 10, "duplicate definition key 'same_key' (first defined at defs.yaml:2:10)");
    }

    [Fact]
    public void Validate_DuplicateDefinitionKeyAcrossFiles_NamesBothFiles()
    {
        var r = DefinitionLoader.Load([
            ("schema.yaml", LifecycleHarness.Schema),
            ("a.yaml", "cohorts:\n  - key: twin\n    criteria: [ seats >= 1 ]\n"),
            ("b.yaml", "cohorts:\n  - key: twin\n    criteria: [ seats >= 2 ]\n"),
        ]);

        var d = SingleError(r);
        Assert.Equal(new SourceLocation("b.yaml", 2, 10), d.Location);
        Assert.Contains("first defined at a.yaml:2:10", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DependencyCycle_ReportsTheCycle()
    {
        var d = SingleError(Load(
            "behaviours:",
            "  - key: alpha",
            "    audience: [ last_completed_beta has any value ]",
            "  - key: beta",
            "    audience: [ last_completed_alpha has any value ]"));

        AssertAt(d, 2, 10, "dependency cycle: alpha -> beta -> alpha");
    }

    [Fact]
    public void Validate_BadDuration_ReportsTheValue()
    {
        var d = SingleError(Load(
            "behaviours:",
            "  - key: b1",
            "    completion: [ seats >= 1 ]",
            "    time_limit: fortnight"));

        AssertAt(d, 4, 17, "bad duration 'fortnight' for 'time_limit'");
    }

    [Fact]
    public void Validate_RouteToCycle_JobCanLoop()
    {
        var d = SingleError(Load(
            "jobs:",
            "  - key: ping",
            "    reentry: false",
            "    goal: [ seats >= 1 ]",
            "    duration: 3d",
            "    on_exit: [ { route_to: pong } ]",
            "  - key: pong",
            "    reentry: false",
            "    goal: [ seats >= 1 ]",
            "    duration: 3d",
            "    on_exit: [ { route_to: ping } ]"));

        AssertAt(d, 2, 10, "job can loop: route_to cycle ping -> pong -> ping");
    }

    [Fact]
    public void Validate_JobRoutingToItself_JobCanLoop()
    {
        var d = SingleError(Load(
            "jobs:",
            "  - key: again",
            "    reentry: false",
            "    goal: [ seats >= 1 ]",
            "    duration: 3d",
            "    on_exit: [ { route_to: again } ]"));

        AssertAt(d, 2, 10, "job can loop: route_to cycle again -> again");
    }

    [Fact]
    public void Validate_UnknownOperator_ReportsTheOperatorColumn()
    {
        var d = SingleError(Load(
            "cohorts:",
            "  - key: c1",
            "    criteria:",
            "      - plan equals Premium"));

        AssertAt(d, 4, 14, "unknown operator 'equals'");
    }

    [Fact]
    public void Validate_UnknownOperatorInQuotedCondition_CountsTheQuote()
    {
        var d = SingleError(Load(
            "cohorts:",
            "  - key: c1",
            "    criteria:",
            "      - \"plan => Premium\""));

        AssertAt(d, 4, 15, "unknown operator '=>'");
    }

    [Fact]
    public void Validate_UnknownDefinitionInMetadataReference_ReportsTheCondition()
    {
        var d = SingleError(Load(
            "jobs:",
            "  - key: j1",
            "    reentry: false",
            "    duration: 3d",
            "    audience:",
            "      - last_completed_no_such_thing has any value",
            "    goal: [ seats >= 1 ]"));

        AssertAt(d, 6, 9, "unknown definition 'no_such_thing' in 'last_completed_no_such_thing'");
    }

    [Fact]
    public void Validate_UnknownDefinitionThroughAlias_ReportsTheCondition()
    {
        var d = SingleError(Load(
            "cohorts:",
            "  - key: c1",
            "    criteria: [ last_completion_of_ghost has any value ]"));

        AssertAt(d, 3, 17, "unknown definition 'ghost'");
    }

    [Fact]
    public void Validate_UnknownEvent_ReportsTheCondition()
    {
        var d = SingleError(Load(
            "behaviours:",
            "  - key: b1",
            "    completion:",
            "      any:",
            "        - seats >= 1",
            "        - project_teleported occurred"));

        AssertAt(d, 6, 11, "unknown event 'project_teleported'");
    }

    [Fact]
    public void Validate_SeveralErrors_AllReportedInFileOrderAndNoSet()
    {
        var r = Load(
            "behaviours:",
            "  - key: b1",
            "    audience: [ plann = Premium ]",
            "    time_limit: soon",
            "cohorts:",
            "  - key: c1",
            "    criteria: [ ghost_event occurred ]");

        Assert.Null(r.Set);
        Assert.Equal([3, 4, 7], r.Errors.Select(e => e.Location.Line));
    }

    [Fact]
    public void Validate_InvalidBoolean_ReportedOnce()
    {
        var r = Load(
            "jobs:",
            "  - key: j1",
            "    goal: [ seats >= 1 ]",
            "    duration: 3d",
            "    reentry: maybe");

        AssertAt(SingleError(r), 5, 14, "type mismatch: 'reentry' must be true or false");
    }

    [Fact]
    public void Validate_JobWithoutReentryControl_WarnsButLoads()
    {
        var r = Load(
            "jobs:",
            "  - key: nudge",
            "    audience: [ seats >= 1 ]",
            "    goal: [ seats >= 5 ]",
            "    duration: 7d");

        Assert.True(r.IsValid);
        var w = Assert.Single(r.Diagnostics);
        Assert.True(w.IsWarning);
        Assert.Equal(new SourceLocation("defs.yaml", 2, 10), w.Location);
        Assert.Contains("job 'nudge' allows re-entry", w.Message, StringComparison.Ordinal);
        Assert.StartsWith("defs.yaml:2:10: warning: ", w.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("    reentry: false", "    audience: [ seats >= 1 ]")]
    [InlineData("    reentry: true", "    audience: [ seats >= 1 ]")]
    [InlineData("", "    audience: [ seats >= 1, last_entered_nudge has no value ]")]
    [InlineData("", "    audience: [ seats >= 1, last_entry_to_nudge has no value ]")]
    public void Validate_JobWithReentryControl_NoWarning(string reentryLine, string audienceLine)
    {
        var r = Load("jobs:", "  - key: nudge", audienceLine, "    goal: [ seats >= 5 ]", "    duration: 7d", reentryLine);

        Assert.True(r.IsValid, string.Join('\n', r.Diagnostics));
        Assert.Empty(r.Diagnostics);
    }

    [Fact]
    public void Load_Stage_ReadsObjectivesExitAndDependencies()
    {
        var r = Load(
            "stages:",
            "  - key: onboarding",
            "    audience: [ license_type = trial ]",
            "    complete_when: [ seats >= 10 ]",
            "    exit: { after: 30d, when: [ last_login more than 14 days ago ] }",
            "    objectives:",
            "      - { key: first_project, completion: [ projects_created >= 1 ] }",
            "      - { key: team, completion: [ team_members >= 2 ] }",
            "behaviours:",
            "  - key: stalled",
            "    audience: [ current_stage = onboarding ]");

        Assert.True(r.IsValid, string.Join('\n', r.Diagnostics));
        var stage = r.Set!.ByKey["onboarding"];
        Assert.Equal(TimeSpan.FromDays(30), stage.ExitAfter);
        Assert.NotNull(stage.ExitWhen);
        Assert.NotNull(stage.Completion);
        Assert.Equal(["first_project", "team"], stage.Objectives.Select(o => o.Key));
        Assert.All(stage.Objectives, o => Assert.Equal(("onboarding", DefinitionKind.Objective), (o.StageKey!, o.Kind)));
        Assert.Equal(DefinitionKind.Objective, r.Set.ByKey["team"].Kind);
        Assert.Equal(["onboarding", "stalled"], r.Set.Ordered.Select(d => d.Key));
    }

    [Fact]
    public void Load_Actions_ParsedIntoTypedSpecs()
    {
        var r = Load(
            "jobs:",
            "  - key: j1",
            "    reentry: false",
            "    goal: [ seats >= 1 ]",
            "    duration: 10d",
            "    on_entry:",
            "      - slack: { channel: \"#cs\", text: \"Hi @{owner_email}\" }",
            "      - slack: { to: owner, text: \"DM\" }",
            "      - webhook: { url: \"https://hooks.example.com/x\", secret: hooks, attributes: [name, arr] }",
            "      - email: { to: [ is_admin = true ], subject: S, body: \"Hi {first_name}\" }",
            "      - update_attribute: { attribute: health_status, value: at_risk }",
            "    follow_ups:",
            "      - { after: 7d, actions: [ { slack: { to: owner, text: second } } ] }",
            "      - { after: 3d, actions: [ { slack: { to: owner, text: first } } ] }",
            "    on_exit: [ { route_to: j2 } ]",
            "  - key: j2",
            "    reentry: false",
            "    goal: [ seats >= 1 ]",
            "    duration: 10d");

        Assert.True(r.IsValid, string.Join('\n', r.Diagnostics));
        var j = r.Set!.ByKey["j1"];
        Assert.Equal(new SlackAction("#cs", null, "Hi @{owner_email}"), j.OnEntry[0]);
        Assert.Equal(new SlackAction(null, "owner", "DM"), j.OnEntry[1]);
        var hook = Assert.IsType<WebhookAction>(j.OnEntry[2]);
        Assert.Equal(("https://hooks.example.com/x", "hooks"), (hook.Url, hook.Secret));
        Assert.Equal(["name", "arr"], hook.Attributes);
        var email = Assert.IsType<EmailAction>(j.OnEntry[3]);
        Assert.Equal(("S", "Hi {first_name}"), (email.Subject, email.Body));
        Assert.Contains("is_admin = true", email.RecipientFilter, StringComparison.Ordinal);
        Assert.Equal(new UpdateAttributeAction("health_status", "at_risk"), j.OnEntry[4]);
        Assert.Equal([TimeSpan.FromDays(3), TimeSpan.FromDays(7)], j.FollowUps.Select(f => f.After));
        Assert.Equal(new RouteToAction("j2"), Assert.Single(j.OnExit));
    }

    [Fact]
    public void Validate_UpdateAttributeValueOfWrongType_IsTypeMismatch()
    {
        var d = SingleError(Load(
            "behaviours:",
            "  - key: b1",
            "    on_entry:",
            "      - update_attribute: { attribute: engagement_restored, value: maybe }"));

        AssertAt(d, 4, 68, "type mismatch: 'engagement_restored' is bool, value 'maybe' is not");
    }

    [Fact]
    public void Validate_RouteToUnknownJob_IsError()
    {
        var d = SingleError(Load(
            "jobs:",
            "  - key: j1",
            "    reentry: false",
            "    goal: [ seats >= 1 ]",
            "    duration: 3d",
            "    on_exit:",
            "      - route_to: nowhere"));

        AssertAt(d, 7, 19, "route_to: unknown job 'nowhere'");
    }

    [Fact]
    public void Validate_RouteToJobOfOtherEntity_IsError()
    {
        var d = SingleError(Load(
            "jobs:",
            "  - key: org_job",
            "    reentry: false",
            "    goal: [ seats >= 1 ]",
            "    duration: 3d",
            "    on_exit: [ { route_to: person_job } ]",
            "  - key: person_job",
            "    entity: person",
            "    reentry: false",
            "    goal: [ first_project_created >= 1 ]",
            "    duration: 3d"));

        AssertAt(d, 6, 28, "route_to: job 'person_job' is person-level, this definition is organisation-level");
    }

    [Fact]
    public void Validate_OrganisationCriterionReadingPersonMetadata_IsError()
    {
        var d = SingleError(Load(
            "jobs:",
            "  - key: person_job",
            "    entity: person",
            "    reentry: false",
            "    goal: [ first_project_created >= 1 ]",
            "    duration: 3d",
            "cohorts:",
            "  - key: c1",
            "    criteria: [ currently_member_of_person_job = true ]"));

        AssertAt(d, 9, 17, "person-level metadata");
    }

    [Fact]
    public void Validate_Rollup_SourceMustBeNumericPersonAttribute()
    {
        var d = SingleError(Load(
            "rollups:",
            "  - { key: total, function: sum, source: email }"));

        AssertAt(d, 2, 42, "type mismatch: rollup source 'email' is string");
    }

    [Fact]
    public void Validate_SignalOnUnknownStage_IsError()
    {
        var d = SingleError(Load(
            "signals:",
            "  - key: slow",
            "    type: slow_completers",
            "    stage: nowhere"));

        AssertAt(d, 4, 12, "unknown stage 'nowhere'");
    }

    [Fact]
    public void Version_ChangesWithTheDefinitionTextOnly()
    {
        string[] a = ["cohorts:", "  - key: c1", "    criteria: [ seats >= 1 ]", "  - key: c2", "    criteria: [ seats >= 2 ]"];
        string[] b = ["cohorts:", "  - key: c1", "    criteria: [ seats >= 1 ]", "  - key: c2", "    criteria: [ seats >= 3 ]"];

        var first = Load(a).Set!;
        var second = Load(b).Set!;

        Assert.Equal(first.ByKey["c1"].Version, second.ByKey["c1"].Version);
        Assert.NotEqual(first.ByKey["c2"].Version, second.ByKey["c2"].Version);
        Assert.NotEqual(first.Version, second.Version);
    }
}
