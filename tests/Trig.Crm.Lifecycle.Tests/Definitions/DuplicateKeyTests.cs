using Trig.Crm.Lifecycle.Definitions;

namespace Trig.Crm.Lifecycle.Tests.Definitions;

/// <summary>A key defined twice, in one file or across files, is one diagnostic naming both places, never an exception.</summary>
public sealed class DuplicateKeyTests
{
    // A stage for signals to watch, kept out of the files under test so its key never collides.
    private const string WatchedStage = "stages:\n  - key: watched\n    complete_when: [ seats >= 1 ]\n";

    /// <summary>One entry of each kind keyed <c>dup</c>, without its section header, as written in a list.</summary>
    public static TheoryData<string, string, string> Kinds => new()
    {
        { "behaviours", "  - key: dup\n    completion: [ seats >= 1 ]\n", "definition" },
        { "cohorts", "  - key: dup\n    criteria: [ seats >= 1 ]\n", "definition" },
        { "stages", "  - key: dup\n    complete_when: [ seats >= 1 ]\n", "definition" },
        { "jobs", "  - key: dup\n    goal: [ seats >= 1 ]\n    duration: 7d\n    reentry: false\n", "definition" },
        { "signals", "  - key: dup\n    stage: watched\n", "definition" },
        { "rollups", "  - key: dup\n    function: count\n", "rollup" },
    };

    private static LoadResult Load(params (string File, string Content)[] files) =>
        DefinitionLoader.Load([("schema.yaml", LifecycleHarness.Schema), ("watched.yaml", WatchedStage), .. files]);

    private static Diagnostic SingleError(LoadResult r)
    {
        Assert.Null(r.Set);
        return Assert.Single(r.Errors);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Validate_DuplicateKeyInOneFile_ReportsTheSecondAndWhereTheFirstIs(string section, string entry, string what)
    {
        var second = 2 + entry.Count(c => c == '\n');

        var d = SingleError(Load(("defs.yaml", $"{section}:\n{entry}{entry}")));

        Assert.Equal($"defs.yaml:{second}:10: duplicate {what} key 'dup' (first defined at defs.yaml:2:10)", d.ToString());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Validate_DuplicateKeyAcrossFiles_ReportsTheSecondAndWhereTheFirstIs(string section, string entry, string what)
    {
        var d = SingleError(Load(("a.yaml", $"{section}:\n{entry}"), ("b.yaml", $"{section}:\n{entry}")));

        Assert.Equal($"b.yaml:2:10: duplicate {what} key 'dup' (first defined at a.yaml:2:10)", d.ToString());
    }

    [Fact]
    public void Validate_JobKeyAlsoUsedByAnotherKind_ReportsTheSecond()
    {
        var d = SingleError(Load(
            ("a.yaml", "jobs:\n  - key: dup\n    goal: [ seats >= 1 ]\n    duration: 7d\n    reentry: false\n"),
            ("b.yaml", "cohorts:\n  - key: dup\n    criteria: [ seats >= 1 ]\n")));

        Assert.Equal("b.yaml:2:10: duplicate definition key 'dup' (first defined at a.yaml:2:10)", d.ToString());
    }

    [Fact]
    public void Validate_DuplicateJobKeyWithRouteTo_ReportsTheSecond()
    {
        var job = "  - key: dup\n    goal: [ seats >= 1 ]\n    duration: 7d\n    reentry: false\n    on_complete: [ route_to: other ]\n";
        var other = "  - key: other\n    goal: [ seats >= 2 ]\n    duration: 7d\n    reentry: false\n";

        var d = SingleError(Load(("defs.yaml", $"jobs:\n{job}{other}{job}")));

        Assert.Equal("defs.yaml:11:10: duplicate definition key 'dup' (first defined at defs.yaml:2:10)", d.ToString());
    }

    [Fact]
    public void Validate_DuplicateObjectiveKeyInOneStage_ReportsTheSecond()
    {
        var d = SingleError(Load(("defs.yaml", string.Join('\n',
            "stages:",
            "  - key: onboarding",
            "    objectives:",
            "      - key: dup",
            "        completion: [ seats >= 1 ]",
            "      - key: dup",
            "        completion: [ seats >= 2 ]",
            ""))));

        Assert.Equal("defs.yaml:6:14: duplicate definition key 'dup' (first defined at defs.yaml:4:14)", d.ToString());
    }

    [Fact]
    public void Validate_ObjectiveKeyUsedByAJobInAnotherFile_ReportsTheSecond()
    {
        var d = SingleError(Load(
            ("a.yaml", "stages:\n  - key: onboarding\n    objectives:\n      - key: dup\n        completion: [ seats >= 1 ]\n"),
            ("b.yaml", "jobs:\n  - key: dup\n    goal: [ seats >= 1 ]\n    duration: 7d\n    reentry: false\n")));

        Assert.Equal("b.yaml:2:10: duplicate definition key 'dup' (first defined at a.yaml:4:14)", d.ToString());
    }

    [Fact]
    public void Validate_DuplicateFieldInADefinition_NamesTheKeyAndTheFirst()
    {
        var d = SingleError(Load(("defs.yaml", "behaviours:\n  - key: b1\n    audience: [ plan = Premium ]\n    audience: [ plan = Free ]\n")));

        Assert.Equal("defs.yaml:4:5: invalid YAML: duplicate key 'audience' (first defined at defs.yaml:3:5)", d.ToString());
    }

    [Fact]
    public void Validate_DuplicateSectionInAFile_NamesTheKeyAndTheFirst()
    {
        var d = SingleError(Load(("defs.yaml", "cohorts:\n  - key: c1\n    criteria: [ seats >= 1 ]\ncohorts:\n  - key: c2\n    criteria: [ seats >= 2 ]\n")));

        Assert.Equal("defs.yaml:4:1: invalid YAML: duplicate key 'cohorts' (first defined at defs.yaml:1:1)", d.ToString());
    }

    [Fact]
    public void Validate_DuplicateKeyInAFlowMapping_NamesTheKeyAndTheFirst()
    {
        var d = SingleError(Load(("defs.yaml", "rollups:\n  - { key: r1, function: count, key: r2 }\n")));

        Assert.Equal("defs.yaml:2:33: invalid YAML: duplicate key 'key' (first defined at defs.yaml:2:7)", d.ToString());
    }
}
