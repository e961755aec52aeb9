using System.Text;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Testing.Hostile;

namespace Trig.Crm.Lifecycle.Tests.Definitions.Loading;

/// <summary>
/// Hostile definition files: each is refused with one <c>file:line:col</c> error naming the problem, never an
/// exception, a stack overflow or an out-of-memory.
/// </summary>
public sealed class HostileYamlTests
{
    public static string DeepFlowSequence(int depth) => "behaviours: " + new string('[', depth) + new string(']', depth) + "\n";

    private static Diagnostic SingleError(string content)
    {
        var r = DefinitionLoader.Load([("schema.yaml", LifecycleHarness.Schema), ("hostile.yaml", content)]);
        Assert.Null(r.Set);
        return Assert.Single(r.Errors);
    }

    [Fact]
    public void Load_HundredThousandDeepFlowSequence_IsOneDepthError()
    {
        var d = SingleError(DeepFlowSequence(100_000));

        Assert.Equal("hostile.yaml:1:76: invalid YAML: nesting deeper than 64 levels", d.ToString());
    }

    [Fact]
    public void Load_DeepBlockMappings_IsOneDepthError()
    {
        var yaml = new StringBuilder("schema:\n");
        for (var i = 1; i <= 100; i++)
        {
            yaml.Append(' ', i * 2).Append('k').Append(i).Append(":\n");
        }

        var d = SingleError(yaml.ToString());

        Assert.Equal("hostile.yaml:65:129: invalid YAML: nesting deeper than 64 levels", d.ToString());
    }

    [Fact]
    public void Load_NestingAtTheLimit_IsReadAsUsual()
    {
        // 63 levels inside the file's own mapping: parsed, and then refused only for what the content says.
        var d = SingleError("behaviours: " + new string('[', LimitedDepth - 1) + new string(']', LimitedDepth - 1) + "\n");

        Assert.Equal("hostile.yaml:1:14: each entry of 'behaviours' must be a mapping with a key", d.ToString());
    }

    private const int LimitedDepth = 64;

    [Fact]
    public void Load_AliasBomb_IsOneExpansionError()
    {
        Assert.InRange(Encoding.UTF8.GetByteCount(HostileYaml.AliasBomb), 1, 500);

        var d = SingleError(HostileYaml.AliasBomb);

        Assert.StartsWith("hostile.yaml:6:", d.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("invalid YAML: more than 100000 nodes once aliases are expanded (an alias bomb?)", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AnchorsAndAliasesWithinTheLimit_StillWork()
    {
        var r = DefinitionLoader.Load([("schema.yaml", LifecycleHarness.Schema), ("defs.yaml", """
            cohorts:
              - key: big
                criteria: &big [ seats >= 10 ]
              - key: big_again
                criteria: *big
            """)]);

        Assert.Empty(r.Errors);
        Assert.Equal(2, r.Set!.All.Count());
    }

    [Theory]
    [InlineData("? [a, b]\n: 1\n", "hostile.yaml:1:3: invalid YAML: a key must be text, not a list or a mapping")]
    [InlineData("{ {a: 1}: 2 }\n", "hostile.yaml:1:3: invalid YAML: a key must be text, not a list or a mapping")]
    [InlineData("x: &k cohorts\n*k : []\n", "hostile.yaml:2:1: invalid YAML: an alias cannot be a key")]
    public void Load_KeyThatIsNotText_IsOneError(string content, string expected) =>
        Assert.Equal(expected, SingleError(content).ToString());

    [Theory]
    [InlineData("behaviours: {a: 1\n")]
    [InlineData("behaviours: [a, 1\n")]
    [InlineData("{")]
    public void Load_UnclosedFlowCollection_IsOneLocatedError(string content)
    {
        var d = SingleError(content);

        Assert.Equal("hostile.yaml", d.Location.File);
        Assert.True(d.Location.Line >= 1 && d.Location.Column >= 1);
        Assert.StartsWith("invalid YAML: ", d.Message, StringComparison.Ordinal);
    }
}
