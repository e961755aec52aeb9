using Trig.Crm.Lifecycle.Definitions;

namespace Trig.Crm.Lifecycle.Tests.Definitions.Loading;

/// <summary>Every duration a definition gives is bounded: an overflowing one is a located error, not an OverflowException.</summary>
public sealed class DurationLimitTests
{
    /// <summary>A definition per duration field, with <c>{0}</c> where the duration goes, and the field's name.</summary>
    public static TheoryData<string, string> Fields => new()
    {
        { "behaviours:\n  - key: b\n    completion: [ seats >= 1 ]\n    time_limit: {0}\n", "time_limit" },
        { "jobs:\n  - key: j\n    goal: [ seats >= 1 ]\n    duration: {0}\n    reentry: false\n", "duration" },
        { "jobs:\n  - key: j\n    goal: [ seats >= 1 ]\n    duration: 7d\n    reentry: false\n    follow_ups:\n      - after: {0}\n        actions:\n          - slack: { channel: \"#x\", text: hi }\n", "after" },
        { "stages:\n  - key: s\n    complete_when: [ seats >= 1 ]\n    exit:\n      after: {0}\n", "after" },
    };

    private static LoadResult Load(string content) =>
        DefinitionLoader.Load([("schema.yaml", LifecycleHarness.Schema), ("defs.yaml", content)]);

    [Theory]
    [MemberData(nameof(Fields))]
    public void Load_OverflowingDuration_IsOneOutOfRangeError(string template, string field)
    {
        var r = Load(template.Replace("{0}", "99999999999999d", StringComparison.Ordinal));

        Assert.Null(r.Set);
        var d = Assert.Single(r.Errors);
        Assert.Equal($"duration '99999999999999d' for '{field}' is out of range (at most 36500 days)", d.Message);
        Assert.Equal(template.Split('\n').ToList().FindIndex(l => l.Contains("{0}", StringComparison.Ordinal)) + 1, d.Location.Line);
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void Load_DurationAtTheLimit_IsAccepted(string template, string field)
    {
        var r = Load(template.Replace("{0}", "36500d", StringComparison.Ordinal));

        Assert.True(r.Set is not null, field + ": " + string.Join("; ", r.Errors));
        Assert.Null(Load(template.Replace("{0}", "5215w", StringComparison.Ordinal)).Set);
    }

    [Theory]
    [InlineData("last_login > 99999999999999 days ago", "'99999999999999 days' is out of range (at most 36500 days)")]
    [InlineData("login occurred within 1e300 weeks", "'1e300 weeks' is out of range (at most 36500 days)")]
    [InlineData("last_login > NaN days ago", "expected a number, found 'NaN'")]
    [InlineData("login occurred within Infinity days", "expected a number, found 'Infinity'")]
    public void Load_CriteriaSpanOutOfRange_IsOneError(string condition, string message)
    {
        var r = Load($"cohorts:\n  - key: c\n    criteria: [ \"{condition}\" ]\n");

        Assert.Null(r.Set);
        Assert.Contains(message, Assert.Single(r.Errors).Message, StringComparison.Ordinal);
    }
}
