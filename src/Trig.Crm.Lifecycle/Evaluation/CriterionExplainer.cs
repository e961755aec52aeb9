using System.Globalization;
using Trig.Crm.Lifecycle.Criteria;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>Evaluates criteria while recording each condition's outcome and the value it saw.</summary>
internal static class CriterionExplainer
{
    // Reasons repeat (the same condition, the same value seen), and a first pass over a large base keeps millions
    // of them until the commit: a thread's recent reasons are shared rather than kept once per transition.
    private const int MaxSharedReasons = 4096;

    [ThreadStatic]
    private static System.Text.StringBuilder? _buffer;

    [ThreadStatic]
    private static HashSet<string>? _recentReasons;

    /// <summary>
    /// The one-line reason recorded on a transition (each condition, ✓/✗ and the value seen), written
    /// straight into a reused buffer: a first evaluation of a large base records millions of these.
    /// </summary>
    public static string Summarize(Criterion c, in Scope s)
    {
        var sb = _buffer ??= new System.Text.StringBuilder(256);
        sb.Clear();
        Append(c, s, sb);
        var recent = _recentReasons ??= new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in sb.GetChunks())
        {
            if (chunk.Length == sb.Length && recent.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(chunk.Span, out var shared))
            {
                return shared;
            }

            break;
        }

        if (recent.Count >= MaxSharedReasons)
        {
            recent.Clear();
        }

        var reason = sb.ToString();
        recent.Add(reason);
        return reason;
    }

    private static void Append(Criterion c, in Scope s, System.Text.StringBuilder sb)
    {
        switch (c)
        {
            case AllOf all:
                foreach (var ch in all.Children)
                {
                    Append(ch, s, sb);
                }

                return;
            case AnyOf any:
                foreach (var ch in any.Children)
                {
                    Append(ch, s, sb);
                }

                return;
        }

        if (sb.Length > 0)
        {
            sb.Append("; ");
        }

        sb.Append(c.Text).Append(' ').Append(CriterionEvaluator.Evaluate(c, s) ? "✓" : "✗").Append(" (");
        if (c is Occurred oc)
        {
            sb.Append(s.CountEvents(oc.Event, oc.Window)).Append(" times");
        }
        else
        {
            var left = c switch
            {
                Compare x => x.Left,
                InList x => x.Left,
                Contains x => x.Left,
                RelativeDate x => x.Left,
                HasValue x => x.Left,
                _ => null,
            };
            var v = left is null ? AttributeValue.None : s.Read(left);
            sb.Append(v.IsNone ? "no value" : v.ToString());
        }

        sb.Append(')');
    }

    public static ExplainNode Explain(Criterion c, in Scope s)
    {
        switch (c)
        {
            case AllOf all:
                {
                    var children = new List<ExplainNode>();
                    foreach (var ch in all.Children)
                    {
                        children.Add(Explain(ch, s));
                    }

                    return new ExplainNode("all", children.TrueForAll(x => x.Result), null, children);
                }

            case AnyOf any:
                {
                    var children = new List<ExplainNode>();
                    foreach (var ch in any.Children)
                    {
                        children.Add(Explain(ch, s));
                    }

                    return new ExplainNode("any", children.Exists(x => x.Result), null, children);
                }

            case Occurred oc:
                return new ExplainNode(c.Text, CriterionEvaluator.Evaluate(c, s), s.CountEvents(oc.Event, oc.Window).ToString(CultureInfo.InvariantCulture) + " times", []);
            default:
                var left = c switch
                {
                    Compare x => x.Left,
                    InList x => x.Left,
                    Contains x => x.Left,
                    RelativeDate x => x.Left,
                    HasValue x => x.Left,
                    _ => null,
                };
                AttributeValue? seen = left is null ? null : s.Read(left);
                return new ExplainNode(c.Text, CriterionEvaluator.Evaluate(c, s), seen is { IsNone: false } v ? v.ToString() : "no value", []);
        }
    }
}
