using System.Collections.Immutable;
using System.Globalization;
using Trig.Crm.Lifecycle.Metadata;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Criteria;

/// <summary>
/// Parses one condition line of the criteria language (LIFECYCLE.md) into a typed <see cref="Criterion"/>.
/// Purely syntactic: names are checked against the schema and the definitions by the loader.
/// </summary>
public static class ConditionParser
{
    private readonly record struct Token(string Text, int Offset, bool Quoted);

    public static Criterion Parse(string text)
    {
        var tokens = Tokenize(text);
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

        var r = new Reader(tokens, 1, text);
        var left = Ref(name.Text);
        var t = r.Peek();
        var word = t.Text.ToLowerInvariant();

        Criterion result;
        if (TryOp(t, out var op))
        {
            r.Next();
            result = ParseComparison(left, op, r, text);
        }
        else if (word == "is" && !t.Quoted)
        {
            r.Next();
            var negate = r.TryWord("not");
            result = ParseComparison(left, negate ? CompareOp.Ne : CompareOp.Eq, r, text);
        }
        else if (word == "in" || (word == "not" && r.PeekAt(1).Text.Equals("in", StringComparison.OrdinalIgnoreCase)))
        {
            var negated = r.TryWord("not");
            r.ExpectWord("in");
            result = new InList(left, ParseList(r), negated, text);
        }
        else if (word == "contains" || word == "does" || (word == "not" && !r.PeekAt(1).Text.Equals("occurred", StringComparison.OrdinalIgnoreCase)))
        {
            var negated = r.TryWord("does") | r.TryWord("not");
            if (!r.TryWord("contains") && !r.TryWord("contain"))
            {
                throw r.Error("expected 'contains'");
            }

            var needle = r.Next();
            result = new Contains(left, needle.Text, negated, text);
        }
        else if (word == "within")
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

            result = new RelativeDate(left, mode, ParseSpan(r), text);
        }
        else if (word is "more" or "less")
        {
            r.Next();
            r.ExpectWord("than");
            var span = ParseSpan(r);
            r.ExpectWord("ago");
            result = new RelativeDate(left, word == "more" ? RelativeMode.MoreThanAgo : RelativeMode.LessThanAgo, span, text);
        }
        else if (word == "has")
        {
            r.Next();
            if (r.TryWord("any"))
            {
                r.ExpectWord("value");
                result = new HasValue(left, true, text);
            }
            else if (r.TryWord("no"))
            {
                r.ExpectWord("value");
                result = new HasValue(left, false, text);
            }
            else if (r.TryWord("not"))
            {
                r.ExpectWord("occurred");
                result = ParseOccurred(name.Text, true, r, text);
            }
            else if (r.TryWord("occurred"))
            {
                result = ParseOccurred(name.Text, false, r, text);
            }
            else
            {
                throw r.Error("expected 'any value', 'no value' or 'occurred' after 'has'");
            }
        }
        else if (word == "occurred")
        {
            r.Next();
            result = ParseOccurred(name.Text, false, r, text);
        }
        else if (word == "did" || (word == "not" && r.PeekAt(1).Text.Equals("occurred", StringComparison.OrdinalIgnoreCase)))
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

            result = ParseOccurred(name.Text, true, r, text);
        }
        else
        {
            throw new CriteriaSyntaxException($"unknown operator '{t.Text}'", t.Offset);
        }

        if (!r.AtEnd)
        {
            var extra = r.Peek();
            throw new CriteriaSyntaxException($"unexpected '{extra.Text}' after the condition", extra.Offset);
        }

        return result;
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

    private static Criterion ParseComparison(ValueRef left, CompareOp op, Reader r, string text)
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

    private static Occurred ParseOccurred(string eventName, bool negated, Reader r, string text)
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

    private static ImmutableArray<AttributeValue> ParseList(Reader r)
    {
        var open = r.Next();
        if (open.Text != "[")
        {
            throw new CriteriaSyntaxException("expected '[' to start a list", open.Offset);
        }

        var items = ImmutableArray.CreateBuilder<AttributeValue>();
        var current = new List<Token>();
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

    private static TimeSpan ParseSpan(Reader r)
    {
        var n = r.Next();
        if (!double.TryParse(n.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || amount < 0)
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

    private static bool TryOp(Token t, out CompareOp op)
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

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (c is '"' or '\'')
            {
                var end = text.IndexOf(c, i + 1);
                if (end < 0)
                {
                    throw new CriteriaSyntaxException("unterminated quoted string", i);
                }

                tokens.Add(new Token(text[(i + 1)..end], i, true));
                i = end + 1;
                continue;
            }

            if (c is '[' or ']' or ',')
            {
                tokens.Add(new Token(c.ToString(), i, false));
                i++;
                continue;
            }

            if (c is '=' or '!' or '<' or '>')
            {
                var len = i + 1 < text.Length && text[i + 1] is '=' or '>' && !(c == '>' && text[i + 1] == '>') ? 2 : 1;
                var op = text.Substring(i, len);
                if (op == "!")
                {
                    throw new CriteriaSyntaxException("unknown operator '!' (did you mean '!=')", i);
                }

                tokens.Add(new Token(op, i, false));
                i += len;
                continue;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('[' or ']' or ',' or '=' or '!' or '<' or '>' or '"'))
            {
                i++;
            }

            tokens.Add(new Token(text[start..i], start, false));
        }

        return tokens;
    }

    private sealed class Reader(List<Token> tokens, int position, string text)
    {
        private int _pos = position;

        public bool AtEnd => _pos >= tokens.Count;

        public int Remaining => tokens.Count - _pos;

        public Token Peek() => _pos < tokens.Count ? tokens[_pos] : new Token(string.Empty, text.Length, false);

        public Token PeekAt(int ahead) => _pos + ahead < tokens.Count ? tokens[_pos + ahead] : new Token(string.Empty, text.Length, false);

        public Token Next()
        {
            if (AtEnd)
            {
                throw new CriteriaSyntaxException("the condition ends too early", text.Length);
            }

            return tokens[_pos++];
        }

        public bool TryWord(string word)
        {
            if (!AtEnd && !tokens[_pos].Quoted && tokens[_pos].Text.Equals(word, StringComparison.OrdinalIgnoreCase))
            {
                _pos++;
                return true;
            }

            return false;
        }

        public void ExpectWord(string word)
        {
            if (!TryWord(word))
            {
                throw Error($"expected '{word}'");
            }
        }

        public CriteriaSyntaxException Error(string message) => new(message + (AtEnd ? "" : $", found '{Peek().Text}'"), Peek().Offset);
    }
}
