using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Testing.Specs;
using WireMock.Server;

namespace Trig.Crm.HubSpot.Tests.Support;

/// <summary>The connector as the host wires it (AddTrigHubSpot), pointed at a WireMock HubSpot on loopback.</summary>
internal sealed class HubSpotTestHost : IDisposable
{
    public HubSpotTestHost(
        Action<Dictionary<string, string?>>? configure = null,
        Action<HubSpotOptions>? tune = null,
        TimeProvider? time = null,
        ICrmRequestBudget? budget = null)
    {
        Server = WireMockServer.Start();
        var settings = new Dictionary<string, string?>
        {
            ["Trig:HubSpot:BaseUrl"] = Server.Url,
            ["Trig:HubSpot:AccessToken"] = "pat-test-token",
            ["Trig:HubSpot:PortalId"] = "4242",
        };
        configure?.Invoke(settings);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        var services = builder.Services;
        services.AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        if (budget is not null)
        {
            services.AddSingleton(budget);
        }

        builder.AddTrigHubSpot();
        services.PostConfigure<HubSpotOptions>(o =>
        {
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(20);
            tune?.Invoke(o);
        });
        Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public WireMockServer Server { get; }

    public ServiceProvider Services { get; }

    public ICrmSource Source => Services.GetRequiredService<ICrmSource>();

    public ICrmMetadataSink Sink => Services.GetRequiredService<ICrmMetadataSink>();

    /// <summary>
    /// Every request sent so far conforms to the official specs: an extra check of every test using the host, made
    /// only where the specs are available (TRIG_SPECS_DIR); the SpecFacts of SpecConformanceTests always need them.
    /// </summary>
    public void AssertRequestsConformToSpec()
    {
        if (VendorSpecs.Available("hubspot"))
        {
            VendorConformance.HubSpot.AssertAll(Server.LogEntries);
        }
    }

    public int Count(string method, string pathContains) =>
        Server.LogEntries.Count(e => string.Equals(e.RequestMessage.Method, method, StringComparison.OrdinalIgnoreCase)
            && e.RequestMessage.Path.Contains(pathContains, StringComparison.Ordinal));

    public void Dispose()
    {
        Services.Dispose();
        Server.Stop();
        Server.Dispose();
    }
}
