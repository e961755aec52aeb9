using System.Globalization;
using Trig.Crm.Lifecycle.Criteria;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>Evaluates criteria while recording each condition's outcome and the value it saw.</summary>
internal static class CriterionExplainer
{
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
