using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Trig.Crm.Dynamics.Auth;
using Trig.Crm.Dynamics.Http;
using Trig.Crm.Dynamics.Sink;
using Trig.Crm.Dynamics.Source;
using WireMock;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Trig.Crm.Dynamics.Tests;

/// <summary>
/// Two loopback WireMock servers, one for the Entra authority and one for the org, and the connector wired through
/// <see cref="DynamicsServiceCollectionExtensions.AddTrigDynamics"/> with a <see cref="FakeTimeProvider"/>.
/// </summary>
public sealed class DataverseTestHost : IDisposable
{
    public const string TenantId = "6b1c2d3e-0000-4000-8000-00000000aaaa";
    public const string ClientId = "51f81489-12ee-4a9e-aaae-a2591f45987d";
    public const string ClientSecret = "Sup3r~Secret.Value_123";
    public const string TokenPath = "/" + TenantId + "/oauth2/v2.0/token";
    public const string Api = "/api/data/v9.2/";

    private readonly ServiceProvider _services;

    public DataverseTestHost(Dictionary<string, string?>? settings = null, bool stubToken = true, int expiresIn = 3599)
    {
        Authority = WireMockServer.Start();
        Org = WireMockServer.Start();
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 10, 9, 0, 0, TimeSpan.Zero));
        var config = new Dictionary<string, string?>
        {
            ["Trig:Dataverse:Url"] = Org.Url,
            ["Trig:Dataverse:AuthorityHost"] = Authority.Url,
            ["Trig:Dataverse:TenantId"] = TenantId,
            ["Trig:Dataverse:ClientId"] = ClientId,
            ["Trig:Dataverse:ClientSecret"] = ClientSecret,
        };
        foreach (var (key, value) in settings ?? [])
        {
            config[key] = value;
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(config);
        builder.Services.AddSingleton<TimeProvider>(Time);
        builder.AddTrigDynamics();
        _services = builder.Services.BuildServiceProvider();
        if (stubToken)
        {
            StubToken(expiresIn);
        }
    }

    public WireMockServer Authority { get; }

    public WireMockServer Org { get; }

    public FakeTimeProvider Time { get; }

    public IServiceProvider Services => _services;

    public DataverseCrmSource Source => _services.GetRequiredService<DataverseCrmSource>();

    public DataverseMetadataSink Sink => _services.GetRequiredService<DataverseMetadataSink>();

    public DataverseTokenProvider Tokens => _services.GetRequiredService<DataverseTokenProvider>();

    internal ServiceProtectionGate Gate => _services.GetRequiredService<ServiceProtectionGate>();

    public int TokenCalls { get; private set; }

    public void StubToken(int expiresIn = 3599) =>
        Authority.Given(Request.Create().WithPath(TokenPath).UsingPost())
            .RespondWith(Response.Create().WithCallback(_ =>
            {
                TokenCalls++;
                return new ResponseMessage
                {
                    StatusCode = 200,
                    Headers = new Dictionary<string, WireMock.Types.WireMockList<string>> { ["Content-Type"] = new("application/json; charset=utf-8") },
                    BodyData = new WireMock.Util.BodyData
                    {
                        BodyAsString = $$"""{"token_type":"Bearer","expires_in":{{expiresIn}},"ext_expires_in":{{expiresIn}},"access_token":"eyJ0eXAiOiJKV1Qi.token-{{TokenCalls}}"}""",
                        DetectedBodyType = WireMock.Types.BodyType.String,
                    },
                };
            }));

    /// <summary>Org requests, in arrival order.</summary>
    public IReadOnlyList<IRequestMessage> OrgRequests(string? pathEndsWith = null) =>
        Org.LogEntries.Select(e => e.RequestMessage).Where(r => pathEndsWith is null || r.Path.EndsWith(pathEndsWith, StringComparison.Ordinal))
            .ToArray();

    public static string? Header(IRequestMessage request, string name) =>
        request.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.ToString();

    /// <summary>A URL as WireMock logs it (System.Uri's display form), to compare with a link the connector must follow as returned.</summary>
    public static string Logged(string url) => new Uri(url).ToString();

    public void Dispose()
    {
        _services.Dispose();
        Authority.Stop();
        Org.Stop();
        Authority.Dispose();
        Org.Dispose();
    }
}
