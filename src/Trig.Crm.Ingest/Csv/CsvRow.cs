namespace Trig.Crm.Ingest.Csv;

/// <summary>One CSV record: the line it starts on (1-based, for <c>file:line:col</c> errors) and its unescaped fields.</summary>
internal sealed record CsvRow(int Line, IReadOnlyList<string> Fields)
{
    /// <summary>A blank line: one empty field (ignored by the importer).</summary>
    public bool IsBlank => Fields.Count == 1 && Fields[0].Length == 0;
}
