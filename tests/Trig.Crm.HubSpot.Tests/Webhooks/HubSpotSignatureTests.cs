using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Trig.Crm.HubSpot.Webhooks;

namespace Trig.Crm.HubSpot.Tests.Webhooks;

public sealed class HubSpotSignatureTests
{
    private const string Secret = "client-secret-1234";
    private const string Uri = "https://trig.example.com/api/hubspot/webhooks";
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Payload = Encoding.UTF8.GetBytes("""[{"eventId":1,"subscriptionType":"contact.creation","objectId":123,"occurredAt":1772366400000}]""");

    private static string Timestamp(DateTimeOffset at) => at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>Independent of the code under test: the recipe of HubSpot's guide.</summary>
    private static string Sign(string method, string uri, byte[] body, string timestamp, string secret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(method + uri + Encoding.UTF8.GetString(body) + timestamp)));

    [Fact]
    public void VerifyV3_ValidSignature_Passes()
    {
        var ts = Timestamp(Now.AddSeconds(-30));

        Assert.True(HubSpotSignature.VerifyV3("POST", Uri, Payload, ts, Sign("POST", Uri, Payload, ts, Secret), Secret, Now));
        Assert.Equal(Sign("POST", Uri, Payload, ts, Secret), HubSpotSignature.ComputeV3("POST", Uri, Payload, ts, Secret));
    }

    [Fact]
    public void VerifyV3_TamperedBody_Fails()
    {
        var ts = Timestamp(Now);
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Payload).Replace("123", "124", StringComparison.Ordinal));

        Assert.False(HubSpotSignature.VerifyV3("POST", Uri, tampered, ts, Sign("POST", Uri, Payload, ts, Secret), Secret, Now));
    }

    [Fact]
    public void VerifyV3_WrongSecretOrUri_Fails()
    {
        var ts = Timestamp(Now);

        Assert.False(HubSpotSignature.VerifyV3("POST", Uri, Payload, ts, Sign("POST", Uri, Payload, ts, "other-secret"), Secret, Now));
        Assert.False(HubSpotSignature.VerifyV3("POST", "http://10.0.0.5:8080/api/hubspot/webhooks", Payload, ts, Sign("POST", Uri, Payload, ts, Secret), Secret, Now));
    }

    [Fact]
    public void VerifyV3_StaleOrFarFutureTimestamp_Fails()
    {
        var stale = Timestamp(Now.AddMinutes(-5).AddSeconds(-1));
        var future = Timestamp(Now.AddMinutes(5).AddSeconds(1));

        Assert.False(HubSpotSignature.VerifyV3("POST", Uri, Payload, stale, Sign("POST", Uri, Payload, stale, Secret), Secret, Now));
        Assert.False(HubSpotSignature.VerifyV3("POST", Uri, Payload, future, Sign("POST", Uri, Payload, future, Secret), Secret, Now));
    }

    [Fact]
    public void VerifyV3_MissingOrMalformedHeaders_Fail()
    {
        var ts = Timestamp(Now);
        var signature = Sign("POST", Uri, Payload, ts, Secret);

        Assert.False(HubSpotSignature.VerifyV3("POST", Uri, Payload, null, signature, Secret, Now));
        Assert.False(HubSpotSignature.VerifyV3("POST", Uri, Payload, ts, null, Secret, Now));
        Assert.False(HubSpotSignature.VerifyV3("POST", Uri, Payload, "", "", Secret, Now));
        Assert.False(HubSpotSignature.VerifyV3("POST", Uri, Payload, "yesterday", signature, Secret, Now));
        Assert.False(HubSpotSignature.VerifyV3("POST", Uri, Payload, ts, "not base64!", Secret, Now));
    }

    [Fact]
    public void VerifyV3_PercentEncodedUri_IsDecodedAsHubSpotSigns()
    {
        var ts = Timestamp(Now);
        var signedAs = "https://trig.example.com/api/cards/hubspot?objectType=companies&email=a@b.com";
        var received = "https://trig.example.com/api/cards/hubspot?objectType=companies&email=a%40b.com";

        Assert.True(HubSpotSignature.VerifyV3("GET", received, [], ts, Sign("GET", signedAs, [], ts, Secret), Secret, Now));
    }
}
