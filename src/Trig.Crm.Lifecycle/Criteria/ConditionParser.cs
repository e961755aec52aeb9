using System.Collections.Immutable;
using System.Globalization;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Metadata;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Criteria;

/// <summary>
/// Parses one condition line of the criteria language (LIFECYCLE.md) into a typed <see cref="Criterion"/>.
/// Purely syntactic: names are checked against the schema and the definitions by the loader.
/// </summary>
public static class ConditionParser
{
    public static Criterion Parse(string text)
    {
        var tokens = ConditionTokenizer.Tokenize(text);
        if (tokens.Count == 0)
        {
            throw new CriteriaSyntaxException("empty condition", 0);
        }

        var name = tokens[0];
        if (name.Quoted || !IsIdentifier(name.Text))
        {
            throw new CriteriaSyntaxException($"expected an attribute, metadata or event name, found '{name.Text}'", name.Offset);
        }

        if (tokens.Count == 1)
        {
            throw new CriteriaSyntaxException($"'{name.Text}' needs an operator (=, !=, >, >=, <, <=, in, contains, within, more than, has any value, occurred…)", name.Offset + name.Text.Length);
        }

        var r = new TokenReader(tokens, 1, text);
        var result = ParseOperator(name.Text, Ref(name.Text), r, text);
        if (!r.AtEnd)
        {
            var extra = r.Peek();
            throw new CriteriaSyntaxException($"unexpected '{extra.Text}' after the condition", extra.Offset);
        }

        return result;
    }

    /// <summary>Reads the operator after the name and what it takes; <paramref name="name"/> is the event for event operators.</summary>
    private static Criterion ParseOperator(string name, ValueRef left, TokenReader r, string text)
    {
        var t = r.Peek();
        var word = t.Text.ToLowerInvariant();
        if (TryOp(t, out var op))
        {
            r.Next();
            return ParseComparison(left, op, r, text);
        }

        if (word == "is" && !t.Quoted)
        {
            r.Next();
            var negate = r.TryWord("not");
            return ParseComparison(left, negate ? CompareOp.Ne : CompareOp.Eq, r, text);
        }

        if (word == "in" || (word == "not" && r.PeekAt(1).Text.Equals("in", StringComparison.OrdinalIgnoreCase)))
        {
            var negated = r.TryWord("not");
            r.ExpectWord("in");
            return new InList(left, ParseList(r), negated, text);
        }

        if (word == "contains" || word == "does" || (word == "not" && !r.PeekAt(1).Text.Equals("occurred", StringComparison.OrdinalIgnoreCase)))
        {
            return ParseContains(left, r, text);
        }

        return word switch
        {
            "within" => ParseWithin(left, r, text),
            "more" or "less" => ParseMoreOrLessThanAgo(left, word, r, text),
            "has" => ParseHas(name, left, r, text),
            "occurred" => ParseOccurredAfterWord(name, r, text),
            "did" or "not" => ParseDidNotOccur(name, r, text),
            _ => throw new CriteriaSyntaxException($"unknown operator '{t.Text}'", t.Offset),
        };
    }

    private static Contains ParseContains(ValueRef left, TokenReader r, string text)
    {
        var negated = r.TryWord("does") | r.TryWord("not");
        if (!r.TryWord("contains") && !r.TryWord("contain"))
        {
            throw r.Error("expected 'contains'");
        }

        var needle = r.Next();
        return new Contains(left, needle.Text, negated, text);
    }

    private static RelativeDate ParseWithin(ValueRef left, TokenReader r, string text)
    {
        r.Next();
        RelativeMode mode;
        if (r.TryWord("last"))
        {
            mode = RelativeMode.WithinLast;
        }
        else if (r.TryWord("next"))
        {
            mode = RelativeMode.WithinNext;
        }
        else
        {
            throw r.Error("expected 'last' or 'next' after 'within'");
        }

        return new RelativeDate(left, mode, ParseSpan(r), text);
    }

    private static RelativeDate ParseMoreOrLessThanAgo(ValueRef left, string word, TokenReader r, string text)
    {
        r.Next();
        r.ExpectWord("than");
        var span = ParseSpan(r);
        r.ExpectWord("ago");
        return new RelativeDate(left, word == "more" ? RelativeMode.MoreThanAgo : RelativeMode.LessThanAgo, span, text);
    }

    private static Criterion ParseHas(string name, ValueRef left, TokenReader r, string text)
    {
        r.Next();
        if (r.TryWord("any"))
        {
            r.ExpectWord("value");
            return new HasValue(left, true, text);
        }

        if (r.TryWord("no"))
        {
            r.ExpectWord("value");
            return new HasValue(left, false, text);
        }

        if (r.TryWord("not"))
        {
            r.ExpectWord("occurred");
            return ParseOccurred(name, true, r, text);
        }

        if (r.TryWord("occurred"))
        {
            return ParseOccurred(name, false, r, text);
        }

        throw r.Error("expected 'any value', 'no value' or 'occurred' after 'has'");
    }

    private static Occurred ParseOccurredAfterWord(string name, TokenReader r, string text)
    {
        r.Next();
        return ParseOccurred(name, false, r, text);
    }

    /// <summary>"did not occur" or "not occurred" (a "not" before anything else was taken as "does not contain").</summary>
    private static Occurred ParseDidNotOccur(string name, TokenReader r, string text)
    {
        if (r.TryWord("did"))
        {
            r.ExpectWord("not");
            r.ExpectWord("occur");
        }
        else
        {
            r.ExpectWord("not");
            r.ExpectWord("occurred");
        }

        return ParseOccurred(name, true, r, text);
    }

    /// <summary>Resolves a name to metadata (aliases included), <c>current_stage</c> or a plain attribute.</summary>
    public static ValueRef Ref(string name)
    {
        if (name == MetadataNames.CurrentStage)
        {
            return new CurrentStageRef();
        }

        var meta = MetadataNames.Parse(name);
        return meta is { } m ? new MetadataRef(name, m.Field, m.Key) : new AttributeRef(name);
    }

    private static Criterion ParseComparison(ValueRef left, CompareOp op, TokenReader r, string text)
    {
        if (r.AtEnd)
        {
            throw r.Error("expected a value after the operator");
        }

        // "x > 7 days ago" / "x < 7 days ago": the seeds' way of writing relative dates.
        if (r.Remaining >= 3 && double.TryParse(r.Peek().Text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            && TryUnit(r.PeekAt(1).Text, out _) && r.PeekAt(2).Text.Equals("ago", StringComparison.OrdinalIgnoreCase))
        {
            var span = ParseSpan(r);
            r.ExpectWord("ago");
            return op switch
            {
                CompareOp.Gt or CompareOp.Ge => new RelativeDate(left, RelativeMode.MoreThanAgo, span, text),
                CompareOp.Lt or CompareOp.Le => new RelativeDate(left, RelativeMode.LessThanAgo, span, text),
                _ => throw r.Error("use >, >=, < or <= with 'N days ago'"),
            };
        }

        var first = r.Next();
        var literalText = first.Text;
        var quoted = first.Quoted;
        while (!r.AtEnd && !quoted)
        {
            literalText += " " + r.Next().Text;
        }

        return new Compare(left, op, Literal(literalText, quoted), text);
    }

    private static Occurred ParseOccurred(string eventName, bool negated, TokenReader r, string text)
    {
        var op = CompareOp.Ge;
        var count = 1;
        TimeSpan? window = null;
        if (!r.AtEnd && TryOp(r.Peek(), out var countOp))
        {
            r.Next();
            var n = r.Next();
            if (!int.TryParse(n.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out count) || count < 0)
            {
                throw new CriteriaSyntaxException($"expected a count, found '{n.Text}'", n.Offset);
            }

            op = countOp;
            if (!r.TryWord("times") && !r.TryWord("time"))
            {
                throw r.Error("expected 'times'");
            }
        }

        if (r.TryWord("within"))
        {
            r.TryWord("last");
            window = ParseSpan(r);
        }

        return new Occurred(eventName, op, count, window, negated, text);
    }

    private static ImmutableArray<AttributeValue> ParseList(TokenReader r)
    {
        var open = r.Next();
        if (open.Text != "[")
        {
            throw new CriteriaSyntaxException("expected '[' to start a list", open.Offset);
        }

        var items = ImmutableArray.CreateBuilder<AttributeValue>();
        var current = new List<ConditionToken>();
        while (true)
        {
            if (r.AtEnd)
            {
                throw r.Error("expected ']' to close the list");
            }

            var t = r.Next();
            if (t.Text is "," or "]" && !t.Quoted)
            {
                if (current.Count > 0)
                {
                    items.Add(Literal(string.Join(' ', current.Select(c => c.Text)), current.Count == 1 && current[0].Quoted));
                    current.Clear();
                }

                if (t.Text == "]")
                {
                    break;
                }

                continue;
            }

            current.Add(t);
        }

        return items.ToImmutable();
    }

    private static TimeSpan ParseSpan(TokenReader r)
    {
        var n = r.Next();
        if (!double.TryParse(n.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || !double.IsFinite(amount) || amount < 0)
        {
            throw new CriteriaSyntaxException($"expected a number, found '{n.Text}'", n.Offset);
        }

        if (r.AtEnd)
        {
            throw r.Error("expected a unit (minutes, hours, days, weeks)");
        }

        var u = r.Next();
        if (!TryUnit(u.Text, out var unit))
        {
            throw new CriteriaSyntaxException($"unknown time unit '{u.Text}' (use minutes, hours, days or weeks)", u.Offset);
        }

        if (DurationParser.IsTooLong(amount, unit))
        {
            throw new CriteriaSyntaxException($"'{n.Text} {u.Text}' is out of range (at most {DurationParser.MaxText})", n.Offset);
        }

        return unit * amount;
    }

    private static bool TryUnit(string text, out TimeSpan unit)
    {
        unit = text.ToLowerInvariant() switch
        {
            "minute" or "minutes" or "min" or "mins" => TimeSpan.FromMinutes(1),
            "hour" or "hours" or "h" => TimeSpan.FromHours(1),
            "day" or "days" or "d" => TimeSpan.FromDays(1),
            "week" or "weeks" or "w" => TimeSpan.FromDays(7),
            _ => TimeSpan.Zero,
        };
        return unit != TimeSpan.Zero;
    }

    /// <summary>Types a literal: quoted → string; number, true/false, ISO 8601 datetime; else a bare word string.</summary>
    public static AttributeValue Literal(string text, bool quoted)
    {
        if (quoted)
        {
            return AttributeValue.Of(text);
        }

        return AttributeValue.Infer(text);
    }

    private static bool TryOp(ConditionToken t, out CompareOp op)
    {
        op = CompareOp.Eq;
        if (t.Quoted)
        {
            return false;
        }

        switch (t.Text)
        {
            case "=" or "==": op = CompareOp.Eq; return true;
            case "!=" or "<>": op = CompareOp.Ne; return true;
            case ">": op = CompareOp.Gt; return true;
            case ">=": op = CompareOp.Ge; return true;
            case "<": op = CompareOp.Lt; return true;
            case "<=": op = CompareOp.Le; return true;
            default: return false;
        }
    }

    private static bool IsIdentifier(string s) =>
        s.Length > 0 && (char.IsLetter(s[0]) || s[0] == '_') && s.All(c => char.IsLetterOrDigit(c) || c is '_' or '.' or '-');
}
