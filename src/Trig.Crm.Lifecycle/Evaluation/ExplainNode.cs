namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>One criterion's outcome, with the value seen, for <c>trig explain</c> and the audit trail.</summary>
public sealed record ExplainNode(string Text, bool Result, string? Observed, IReadOnlyList<ExplainNode> Children)
{
    /// <summary>A one-line summary of the leaves: <c>plan = Premium ✓ (Premium); seats >= 5 ✗ (3)</c>.</summary>
    public string Summary()
    {
        var leaves = new List<string>();
        Collect(this, leaves);
        return string.Join("; ", leaves);
    }

    private static void Collect(ExplainNode n, List<string> acc)
    {
        if (n.Children.Count == 0)
        {
            acc.Add($"{n.Text} {(n.Result ? "✓" : "✗")}{(n.Observed is null ? "" : $" ({n.Observed})")}");
            return;
        }

        foreach (var c in n.Children)
        {
            Collect(c, acc);
        }
    }
}
