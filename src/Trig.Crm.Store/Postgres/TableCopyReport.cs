namespace Trig.Crm.Store.Postgres;

/// <summary>One table of a store copy: rows and checksum read from the source and, after the copy, from the target.</summary>
public sealed record TableCopyReport(string Table, long SourceRows, string SourceChecksum, long TargetRows, string TargetChecksum)
{
    public bool Matches => SourceRows == TargetRows && SourceChecksum == TargetChecksum;
}
