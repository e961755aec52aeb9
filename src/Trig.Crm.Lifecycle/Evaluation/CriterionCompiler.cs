using System.Runtime.CompilerServices;
using Trig.Crm.Lifecycle.Criteria;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>
/// Compiles a criterion once into delegates that read attributes by slot (see <see cref="AttributeDictionary"/>)
/// instead of by name, so that a pass over a million units hashes no attribute name. The delegates apply exactly
/// the rules of <see cref="CriterionEvaluator"/> (they call its comparisons); only the way a value is found differs.
/// Compiled delegates are cached per criterion instance, which lives as long as its definition set.
/// </summary>
internal static class CriterionCompiler
{
    private static readonly ConditionalWeakTable<Criterion, CompiledCriterion> Cache = [];

    public static CompiledCriterion Compile(Criterion c) => Cache.TryGetValue(c, out var compiled) ? compiled : Cache.GetValue(c, Build);

    private static CompiledCriterion Build(Criterion c)
    {
        switch (c)
        {
            case AllOf all:
                {
                    var children = all.Children.Select(Compile).ToArray();
                    return (in Scope s) =>
                    {
                        foreach (var child in children)
                        {
                            if (!child(s))
                            {
                                return false;
                            }
                        }

                        return true;
                    };
                }

            case AnyOf any:
                {
                    var children = any.Children.Select(Compile).ToArray();
                    return (in Scope s) =>
                    {
                        foreach (var child in children)
                        {
                            if (child(s))
                            {
                                return true;
                            }
                        }

                        return false;
                    };
                }

            case Compare { Left: AttributeRef a } cmp:
                {
                    var read = new SlotRead(a.Name);
                    var op = cmp.Op;
                    var right = cmp.Right;
                    return (in Scope s) => CriterionEvaluator.CompareValues(read.From(s), op, right);
                }

            case InList { Left: AttributeRef a } il:
                {
                    var read = new SlotRead(a.Name);
                    var values = il.Values.ToArray();
                    var negated = il.Negated;
                    return (in Scope s) =>
                    {
                        var v = read.From(s);
                        if (v.IsNone)
                        {
                            return negated;
                        }

                        foreach (var item in values)
                        {
                            if (CriterionEvaluator.CompareValues(v, CompareOp.Eq, item))
                            {
                                return !negated;
                            }
                        }

                        return negated;
                    };
                }

            case RelativeDate { Left: AttributeRef a } rd:
                {
                    var read = new SlotRead(a.Name);
                    return (in Scope s) => CriterionEvaluator.MatchesRelativeDate(read.From(s), rd.Mode, rd.Span, s.Now, s.Horizon);
                }

            case Occurred oc:
                {
                    // The name is interned here once, so a pass compares integers and never hashes it.
                    var id = EventNames.Intern(oc.Event);
                    var window = oc.Window;
                    var op = oc.CountOp;
                    var count = oc.Count;
                    var negated = oc.Negated;
                    return (in Scope s) => CriterionEvaluator.CompareNumbers(s.CountEvents(id, window), op, count) != negated;
                }

            default:
                // Metadata, current stage, and text search: the evaluator's own code (no name of an
                // attribute to resolve, or nothing a slot would save).
                return (in Scope s) => CriterionEvaluator.Evaluate(c, s);
        }
    }

    /// <summary>An attribute read by slot, with the slot of its name among organisations' and people's attributes.</summary>
    private sealed class SlotRead(string name)
    {
        private readonly int _organisationSlot = AttributeDictionary.SlotsOf(EntityKind.Organisation).Slot(name);
        private readonly int _personSlot = AttributeDictionary.SlotsOf(EntityKind.Person).Slot(name);

        public AttributeValue From(in Scope s) => s.ReadAttribute(name, _organisationSlot, _personSlot);
    }
}
