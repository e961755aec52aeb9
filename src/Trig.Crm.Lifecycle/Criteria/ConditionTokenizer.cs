namespace Trig.Crm.Lifecycle.Criteria;

/// <summary>Splits a condition line into words, quoted strings, operators and list punctuation, with their offsets.</summary>
internal static class ConditionTokenizer
{
public static List<ConditionToken> Tokenize(string text)
{
    var tokens = new List<ConditionToken>();
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

            tokens.Add(new ConditionToken(text[(i + 1)..end], i, true));
            i = end + 1;
            continue;
        }

        if (c is '[' or ']' or ',')
        {
            tokens.Add(new ConditionToken(c.ToString(), i, false));
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

            tokens.Add(new ConditionToken(op, i, false));
            i += len;
            continue;
        }

        var start = i;
        while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('[' or ']' or ',' or '=' or '!' or '<' or '>' or '"'))
        {
            i++;
        }

        tokens.Add(new ConditionToken(text[start..i], start, false));
    }

    return tokens;
}
}
