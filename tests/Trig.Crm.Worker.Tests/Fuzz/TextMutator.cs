using System.Text;

namespace Trig.Crm.Worker.Tests.Fuzz;

/// <summary>Random edits to a text file: hostile tokens inserted, ranges deleted or repeated, the end cut off.</summary>
internal static class TextMutator
{
    public static string Mutate(Random r, string text, IReadOnlyList<string> tokens, int edits)
    {
        var s = new StringBuilder(text);
        for (var e = 0; e < edits; e++)
        {
            var at = s.Length == 0 ? 0 : r.Next(s.Length + 1);
            switch (r.Next(8))
            {
                case 0 when s.Length > 0:
                    s.Remove(at == s.Length ? at - 1 : at, Math.Min(r.Next(1, 40), s.Length - Math.Min(at, s.Length - 1)));
                    break;
                case 1 when s.Length > 0:
                    var from = r.Next(s.Length);
                    var len = Math.Min(r.Next(1, 200), s.Length - from);
                    s.Insert(at, s.ToString(from, len));
                    break;
                case 2 when s.Length > 0:
                    s.Length = r.Next(s.Length);
                    break;
                case 3:
                    s.Insert(at, (char)r.Next(0, 0x10000));
                    break;
                default:
                    s.Insert(at, tokens[r.Next(tokens.Count)]);
                    break;
            }
        }

        return s.ToString();
    }
}
