using System.Globalization;
using System.Text;
using System.Text.Json;
using Trig.Crm.HubSpot.Webhooks;

namespace Trig.Crm.HubSpot.Tests.Webhooks;

/// <summary>Hostile input to the signature check and the webhook parser: refused as such, never an unhandled exception.</summary>
public sealed class HubSpotHostileInputTests
{
    private const string Secret = "client-secret-1234";
    private const string Uri = "https://trig.example.com/api/hubspot/webhooks";
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> OutOfRangeTimestamps() =>
    [
        long.MaxValue.ToString(CultureInfo.InvariantCulture),
        long.MinValue.ToString(CultureInfo.InvariantCulture),
        "100000000000000000",
        "1e17",
        (DateTimeOffset.MinValue.ToUnixTimeMilliseconds() - 1).ToString(CultureInfo.InvariantCulture),
        (DateTimeOffset.MaxValue.ToUnixTimeMilliseconds() + 1).ToString(CultureInfo.InvariantCulture),
    ];

    [Theory]
    [MemberData(nameof(OutOfRangeTimestamps))]
    public void VerifyV3_TimestampOutsideTheDateRange_IsRefusedWithoutThrowing(string timestamp)
    {
        var body = "[]"u8.ToArray();
        var signature = HubSpotSignature.ComputeV3("POST", Uri, body, timestamp, Secret);

        Assert.False(HubSpotSignature.IsFresh(timestamp, Now));
        Assert.False(HubSpotSignature.VerifyV3("POST", Uri, body, timestamp, signature, Secret, Now));
    }

    [Fact]
    public void IsFresh_WithinTheWindow_IsTrue_AtTheEdges_False()
    {
        string Ts(DateTimeOffset at) => at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

        Assert.True(HubSpotSignature.IsFresh(Ts(Now.AddMinutes(-5)), Now));
        Assert.True(HubSpotSignature.IsFresh(Ts(Now.AddMinutes(5)), Now));
        Assert.False(HubSpotSignature.IsFresh(Ts(Now.AddMinutes(-5).AddMilliseconds(-1)), Now));
        Assert.False(HubSpotSignature.IsFresh(Ts(Now.AddMinutes(5).AddMilliseconds(1)), Now));
        Assert.False(HubSpotSignature.IsFresh(null, Now));
    }

    [Fact]
    public void Parse_InvalidUtf8InObjectId_ThrowsJsonExceptionNamingTheField()
    {
        var head = Encoding.UTF8.GetBytes("""[{"eventId":1,"subscriptionType":"company.creation","objectId":"ab""");
        var tail = Encoding.UTF8.GetBytes("\"}]");
        byte[] body = [.. head, 0xC3, 0x28, 0xFF, .. tail];

        var ex = Assert.Throws<JsonException>(() => HubSpotWebhookParser.Parse(body));
        Assert.Contains("objectId", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LoneSurrogateInObjectId_ThrowsJsonExceptionNamingTheField()
    {
        var body = Encoding.UTF8.GetBytes("""[{"eventId":1,"subscriptionType":"company.creation","objectId":"a\uD800b"}]""");

        var ex = Assert.Throws<JsonException>(() => HubSpotWebhookParser.Parse(body));
        Assert.Contains("objectId", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("9223372036854775807")]
    [InlineData("-9223372036854775808")]
    [InlineData("\"253402300800000\"")]
    public void Parse_OccurredAtOutOfRange_ThrowsJsonExceptionNamingTheField(string occurredAt)
    {
        var body = Encoding.UTF8.GetBytes($$"""[{"eventId":1,"subscriptionType":"company.creation","objectId":"5","occurredAt":{{occurredAt}}}]""");

        var ex = Assert.Throws<JsonException>(() => HubSpotWebhookParser.Parse(body));
        Assert.Contains("occurredAt", ex.Message, StringComparison.Ordinal);
    }

    // Found by the fuzz suite: an eventId written as a string of invalid UTF-8 threw out of the parser (a 500).
    [Fact]
    public void Parse_InvalidUtf8InStringEventId_ThrowsJsonExceptionNamingTheField()
    {
        byte[] body = [.. "[{\"eventId\":\"1"u8, 0xC3, 0x28, .. "\",\"subscriptionType\":\"company.creation\",\"objectId\":\"7\"}]"u8];

        var ex = Assert.Throws<JsonException>(() => HubSpotWebhookParser.Parse(body));
        Assert.Contains("eventId", ex.Message, StringComparison.Ordinal);
    }
}
