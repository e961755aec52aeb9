using System.Text;

namespace Trig.Crm.Ingest.Csv;

/// <summary>
/// An RFC 4180 CSV reader: comma-separated, double-quoted fields with "" escapes and embedded newlines.
/// Each row carries the line it started on, for error messages.
/// </summary>
public static class CsvReader
{
    public sealed record Row(int Line, IReadOnlyList<string> Fields);

    public static IEnumerable<Row> Read(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var rowLine = 1;
        var inQuotes = false;
        var any = false;
        int c;
        while ((c = reader.Read()) != -1)
        {
            var ch = (char)c;
            any = true;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (ch == '\n')
                    {
                        line++;
                    }

                    field.Append(ch);
                }

                continue;
            }

            switch (ch)
            {
                case '"' when field.Length == 0:
                    inQuotes = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    yield return new Row(rowLine, fields);
                    fields = [];
                    any = false;
                    line++;
                    rowLine = line;
                    break;
                default:
                    field.Append(ch);
                    break;
            }
        }

        if (inQuotes)
        {
            throw new FormatException($"line {rowLine}: unterminated quoted field");
        }

        if (any)
        {
            fields.Add(field.ToString());
            yield return new Row(rowLine, fields);
        }
    }
}
