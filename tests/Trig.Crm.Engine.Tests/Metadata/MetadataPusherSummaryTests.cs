using Trig.Crm.Engine.Metadata;

namespace Trig.Crm.Engine.Tests.Metadata;

public sealed class MetadataPusherSummaryTests
{
    private const string Written = """{"entity":{"id":"o1"},"asOf":"2026-11-01T09:00:00+00:00","stage":null,"evaluatedAt":"2026-11-01T09:00:00+00:00","currency":"USD"}""";

    [Fact]
    public void SameSummary_OnlyTheEvaluationTimeMoved_IsNotRewritten() =>
        Assert.True(MetadataPusher.SameSummary(Written, Written.Replace("2026-11-01T09:00", "2026-11-02T09:00", StringComparison.Ordinal)));

    [Fact]
    public void SameSummary_CurrencyChanged_IsRewritten() =>
        Assert.False(MetadataPusher.SameSummary(Written, Written.Replace("\"USD\"", "\"EUR\"", StringComparison.Ordinal)));
}
