namespace Trig.Crm.Ingest.Csv;

/// <summary>One file of an import: what it holds and where it is.</summary>
public sealed record ImportFile(ImportKind Kind, string Path);
