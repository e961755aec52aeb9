namespace Trig.Crm.Store.Tests;

public sealed class OutboxStatusTextTests
{
    [Theory]
    [InlineData(OutboxStatus.Pending, "pending")]
    [InlineData(OutboxStatus.InFlight, "in_flight")]
    [InlineData(OutboxStatus.Retry, "retry")]
    [InlineData(OutboxStatus.Sent, "sent")]
    [InlineData(OutboxStatus.Skipped, "skipped")]
    [InlineData(OutboxStatus.Dead, "dead")]
    [InlineData(OutboxStatus.Done, "done")]
    [InlineData(OutboxStatus.Waiting, "waiting")]
    public void StatusText_IsTheStoredAndPrintedTextBothWays(OutboxStatus status, string text)
    {
        Assert.Equal(text, status.ToText());
        Assert.Equal(status, OutboxStatusText.Parse(text));
    }
}
