namespace Trig.Crm.Actions.Slack;

/// <summary>Slack text helpers: escaping and limit-aware truncation.</summary>
internal static class SlackText
{
    /// <summary>Escapes the three characters Slack treats as control: <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c>. Nothing else.</summary>
    public static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny('&', '<', '>') < 0)
        {
            return text;
        }

        return text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);
    }

    /// <summary>
    /// Cuts text to at most <paramref name="max"/> characters ending with an ellipsis, never inside a
    /// <c>&lt;…&gt;</c> mention or link or an <c>&amp;…;</c> entity.
    /// </summary>
    public static string Truncate(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = max - 1;
        var open = text.LastIndexOf('<', cut - 1);
        if (open >= 0 && text.IndexOf('>', open) >= cut)
        {
            cut = open;
        }

        var amp = text.LastIndexOf('&', cut - 1);
        if (amp >= 0 && amp > cut - 6 && text.IndexOf(';', amp) >= cut)
        {
            cut = amp;
        }

        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text.AsSpan(0, cut), "…");
    }
}
