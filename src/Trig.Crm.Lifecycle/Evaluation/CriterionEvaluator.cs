using System.Globalization;
using Trig.Crm.Lifecycle.Criteria;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>Evaluates typed criteria. A switch over records: no reflection, no re-parsing.</summary>
internal static class CriterionEvaluator
{
    public static bool Evaluate(Criterion c, in Scope s) => c switch
    {
        AllOf all => EvaluateAll(all, s),
        AnyOf any => EvaluateAny(any, s),
        Compare cmp => CompareValues(s.Read(cmp.Left), cmp.Op, cmp.Right),
        InList il => EvaluateInList(il, s),
        Contains ct => EvaluateContains(ct, s),
        RelativeDate rd => EvaluateRelativeDate(rd, s),
        HasValue hv => EvaluateHasValue(hv, s),
        Occurred oc => CompareNumbers(s.CountEvents(oc.Event, oc.Window), oc.CountOp, oc.Count) != oc.Negated,
        _ => false,
    };

    private static bool EvaluateAll(AllOf all, in Scope s)
    {
        foreach (var child in all.Children)
        {
            if (!Evaluate(child, s))
            {
                return false;
            }
        }

        return true;
    }

    private static bool EvaluateAny(AnyOf any, in Scope s)
    {
        foreach (var child in any.Children)
        {
            if (Evaluate(child, s))
            {
                return true;
            }
        }

        return false;
    }

    private static bool EvaluateInList(InList il, in Scope s)
    {
        var v = s.Read(il.Left);
        if (v.IsNone)
        {
            return il.Negated;
        }

        var found = false;
        foreach (var item in il.Values)
        {
            if (CompareValues(v, CompareOp.Eq, item))
            {
                found = true;
                break;
            }
        }

        return found != il.Negated;
    }

    private static bool EvaluateContains(Contains ct, in Scope s)
    {
        var v = s.Read(ct.Left);
        if (v.IsNone)
        {
            return ct.Negated;
        }

        var found = v.Kind == ValueKind.List
            ? v.AsList.Any(x => string.Equals(x, ct.Needle, StringComparison.OrdinalIgnoreCase))
            : v.ToString().Contains(ct.Needle, StringComparison.OrdinalIgnoreCase);
        return found != ct.Negated;
    }

    private static bool EvaluateRelativeDate(RelativeDate rd, in Scope s) => MatchesRelativeDate(s.Read(rd.Left), rd.Mode, rd.Span, s.Now, s.Horizon);

    public static bool MatchesRelativeDate(AttributeValue v, RelativeMode mode, TimeSpan span, DateTimeOffset now, Horizon? horizon = null)
    {
        if (v.Kind != ValueKind.DateTime)
        {
            return false;
        }

        var t = v.AsDateTime;
        horizon?.RelativeDate(t, mode, span, now);
        return mode switch
        {
            RelativeMode.WithinLast or RelativeMode.LessThanAgo => t >= now - span && t <= now,
            RelativeMode.WithinNext => t >= now && t <= now + span,
            RelativeMode.MoreThanAgo => t < now - span,
            _ => false,
        };
    }

    private static bool EvaluateHasValue(HasValue hv, in Scope s)
    {
        var v = s.Read(hv.Left);
        var has = !v.IsNone && !(v.Kind == ValueKind.String && v.AsString.Length == 0);
        return has == hv.Any;
    }

    public static bool CompareValues(AttributeValue left, CompareOp op, AttributeValue right)
    {
        if (left.IsNone)
        {
            // No value: only "!=" holds (a missing plan is not Premium).
            return op == CompareOp.Ne;
        }

        int cmp;
        switch (left.Kind)
        {
            case ValueKind.Number when right.Kind == ValueKind.Number:
                return CompareNumbers(left.AsNumber, op, right.AsNumber);
            case ValueKind.Bool when right.Kind == ValueKind.Bool:
                return op switch
                {
                    CompareOp.Eq => left.AsBool == right.AsBool,
                    CompareOp.Ne => left.AsBool != right.AsBool,
                    _ => false,
                };
            case ValueKind.DateTime when right.Kind == ValueKind.DateTime:
                cmp = left.AsDateTime.CompareTo(right.AsDateTime);
                break;
            case ValueKind.List:
                var contains = ListContains(left, right);
                return op switch
                {
                    CompareOp.Eq => contains,
                    CompareOp.Ne => !contains,
                    _ => false,
                };
            default:
                if (left.Kind == ValueKind.String && right.Kind == ValueKind.Number
                    && double.TryParse(left.AsString, NumberStyles.Float, CultureInfo.InvariantCulture, out var ln))
                {
                    return CompareNumbers(ln, op, right.AsNumber);
                }

                cmp = string.Compare(left.ToString(), right.ToString(), StringComparison.OrdinalIgnoreCase);
                break;
        }

        return op switch
        {
            CompareOp.Eq => cmp == 0,
            CompareOp.Ne => cmp != 0,
            CompareOp.Gt => cmp > 0,
            CompareOp.Ge => cmp >= 0,
            CompareOp.Lt => cmp < 0,
            CompareOp.Le => cmp <= 0,
            _ => false,
        };
    }

    // Its own method: a lambda capturing a parameter of CompareValues would allocate its closure on every call of
    // CompareValues (the closure is made on entry), that is once per entity and criterion in a pass.
    private static bool ListContains(AttributeValue list, AttributeValue item)
    {
        var wanted = item.ToString();
        foreach (var x in list.AsList)
        {
            if (string.Equals(x, wanted, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public static bool CompareNumbers(double l, CompareOp op, double r) => op switch
    {
        CompareOp.Eq => l == r,
        CompareOp.Ne => l != r,
        CompareOp.Gt => l > r,
        CompareOp.Ge => l >= r,
        CompareOp.Lt => l < r,
        CompareOp.Le => l <= r,
        _ => false,
    };
}
