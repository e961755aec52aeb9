namespace Trig.Crm.Ingest.Csv;

/// <summary>
/// Maps a step's own 0–1 progress onto its share [from, from + width] of the whole import. Synchronous on purpose
/// (unlike <see cref="Progress{T}"/>, which posts each report), so the figures arrive in order.
/// </summary>
internal sealed class ScaledProgress(IProgress<double>? inner, double from, double width) : IProgress<double>
{
    public void Report(double value) => inner?.Report(from + (width * Math.Clamp(value, 0, 1)));
}
