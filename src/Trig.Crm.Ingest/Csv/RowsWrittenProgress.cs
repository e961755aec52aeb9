namespace Trig.Crm.Ingest.Csv;

/// <summary>Turns the store's "rows written so far" into a 0–1 progress over <paramref name="total"/> rows.</summary>
internal sealed class RowsWrittenProgress(IProgress<double> inner, int total) : IProgress<int>
{
    public void Report(int value) => inner.Report((double)value / Math.Max(1, total));
}
