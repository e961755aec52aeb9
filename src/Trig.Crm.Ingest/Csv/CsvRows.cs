using nietras.SeparatedValues;

namespace Trig.Crm.Ingest.Csv;

/// <summary>
/// Reads RFC 4180 CSV with Sep (a well-kept, fast parser) rather than a hand-written one: comma-separated,
/// double-quoted fields with <c>""</c> escapes and embedded line breaks, <c>\n</c> or <c>\r\n</c> line endings.
/// The header is read as an ordinary row, and rows may have any number of fields, because the importer reports
/// both itself, with the line number, instead of stopping at the first mismatch.
/// </summary>
internal static class CsvRows
{
    public static List<CsvRow> Read(TextReader reader)
    {
        using var csv = Sep.New(',').Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true }).From(reader);
        var rows = new List<CsvRow>();
        foreach (var row in csv)
        {
            var fields = new string[row.ColCount];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = row[i].ToString();
            }

            // Sep reads an unterminated quote to the end of the input; an odd number of quotes in a row means one.
            if (row.Span.Count('"') % 2 != 0)
            {
                throw new FormatException($"{row.LineNumberFrom}: unterminated quoted field");
            }

            rows.Add(new CsvRow(row.LineNumberFrom, fields));
        }

        return rows;
    }
}
