namespace Trig.Crm.Ingest.Csv;

/// <summary>What an import did. <see cref="Errors"/> are <c>file:line:col: message</c>.</summary>
public sealed record ImportReport(int Rows, int Imported, int Skipped, IReadOnlyList<string> Errors, bool Applied);
