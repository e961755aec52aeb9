using System.Text;
using DiffPlex;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace Trig.Crm.Engine.Authoring;

/// <summary>A line diff of two texts (DiffPlex), written as <c>-</c>/<c>+</c> lines with the unchanged lines around them.</summary>
internal static class TextDiff
{
    private const int Context = 2;

    public static string Of(string before, string after)
    {
        var lines = InlineDiffBuilder.Diff(Differ.Instance, before, after, ignoreWhiteSpace: false).Lines;
        var keep = new bool[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Type is ChangeType.Inserted or ChangeType.Deleted)
            {
                for (var j = Math.Max(0, i - Context); j <= Math.Min(lines.Count - 1, i + Context); j++)
                {
                    keep[j] = true;
                }
            }
        }

        var sb = new StringBuilder();
        var skipped = false;
        for (var i = 0; i < lines.Count; i++)
        {
            if (!keep[i])
            {
                skipped = true;
                continue;
            }

            if (skipped && sb.Length > 0)
            {
                sb.Append("@@\n");
            }

            skipped = false;
            var mark = lines[i].Type switch { ChangeType.Inserted => '+', ChangeType.Deleted => '-', _ => ' ' };
            sb.Append(mark).Append(' ').Append(lines[i].Text).Append('\n');
        }

        return sb.ToString();
    }
}
