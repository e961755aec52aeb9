using System.Net;
using Trig.Crm.Dynamics.Auth;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Testing.Stores;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Trig.Crm.Dynamics.Tests;

public sealed class TokenProviderTests
{
    [Fact]
    public async Task Token_ClientCredentials_PostsFormAndIsCachedAcrossApiCalls()
    {
        using var host = new DataverseTestHost();
        host.Org.Given(Request.Create().WithPath(DataverseTestHost.Api + "*").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json; odata.metadata=minimal")
                .WithBody("""{"@odata.context":"x","value":[]}"""));

        for (var i = 0; i < 3; i++)
        {
            await host.Source.PullAsync(new InMemoryPullTarget(), new CrmPullRequest(Full: true), CancellationToken.None);
        }

        Assert.Equal(6, host.OrgRequests().Count);
        Assert.Equal(1, host.TokenCalls);
        var tokenRequest = Assert.Single(host.Authority.LogEntries).RequestMessage;
        var form = tokenRequest.Body!.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));
        Assert.Equal(DataverseTestHost.ClientId, form["client_id"]);
        Assert.Equal(DataverseTestHost.ClientSecret, form["client_secret"]);
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal(host.Org.Url + "/.default", form["scope"]);
        Assert.StartsWith("application/x-www-form-urlencoded", DataverseTestHost.Header(tokenRequest, "Content-Type"));
        Assert.All(host.OrgRequests(), r => Assert.Equal("Bearer eyJ0eXAiOiJKV1Qi.token-1", DataverseTestHost.Header(r, "Authorization")));
    }

    [Fact]
    public async Task Token_NearExpiry_IsRenewedFiveMinutesEarly()
    {
        using var host = new DataverseTestHost(expiresIn: 3600);

        Assert.Equal("eyJ0eXAiOiJKV1Qi.token-1", await host.Tokens.GetTokenAsync(CancellationToken.None));
        host.Time.Advance(TimeSpan.FromMinutes(54));
        Assert.Equal("eyJ0eXAiOiJKV1Qi.token-1", await host.Tokens.GetTokenAsync(CancellationToken.None));
        Assert.Equal(1, host.TokenCalls);

        host.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("eyJ0eXAiOiJKV1Qi.token-2", await host.Tokens.GetTokenAsync(CancellationToken.None));
        Assert.Equal(2, host.TokenCalls);
    }

    [Fact]
    public async Task Token_InvalidClient_GivesOneClearLineWithoutTheSecret()
    {
        using var host = new DataverseTestHost(stubToken: false);
        host.Authority.Given(Request.Create().WithPath(DataverseTestHost.TokenPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.BadRequest).WithHeader("Content-Type", "application/json; charset=utf-8").WithBody(
                """
                {"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '51f81489-12ee-4a9e-aaae-a2591f45987d'.\r\nTrace ID: 0b7a9c2e-7c65-4c48-9d0b-6a3c1a0a5e00\r\nCorrelation ID: 7b1f5a5e-1d3f-4c7e-8b4a-9f0e6c2d1a11\r\nTimestamp: 2026-01-10 09:00:00Z","error_codes":[7000215],"timestamp":"2026-01-10 09:00:00Z","trace_id":"0b7a9c2e-7c65-4c48-9d0b-6a3c1a0a5e00","correlation_id":"7b1f5a5e-1d3f-4c7e-8b4a-9f0e6c2d1a11","error_uri":"https://login.microsoftonline.com/error?code=7000215"}
                """));

        var ex = await Assert.ThrowsAsync<DataverseAuthException>(() =>
            host.Source.PullAsync(new InMemoryPullTarget(), new CrmPullRequest(Full: true), CancellationToken.None));

        Assert.Equal("invalid_client", ex.Error);
        Assert.StartsWith("Dataverse token request failed: invalid_client: AADSTS7000215: Invalid client secret provided.", ex.Message);
        Assert.Contains("Trig:Dataverse:ClientSecret", ex.Message);
        Assert.DoesNotContain("\n", ex.Message);
        Assert.DoesNotContain("Trace ID", ex.Message);
        Assert.DoesNotContain(DataverseTestHost.ClientSecret, ex.Message);
        Assert.Empty(host.Org.LogEntries);
    }
}
