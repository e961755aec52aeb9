using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Trig.Crm.HubSpot.Tests;

public sealed class HubSpotOptionsTests
{
    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddTrigHubSpot();
        return builder.Build();
    }

    [Fact]
    public async Task Start_WithoutAccessToken_FailsWithOneLineNamingTheSetting()
    {
        using var host = Build(new() { ["Trig:Crm:Provider"] = "hubspot" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Trig:HubSpot:AccessToken", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Bind_Defaults_AreThoseOfOperationsMd()
    {
        using var host = Build(new() { ["Trig:HubSpot:AccessToken"] = "pat", ["Trig:HubSpot:Mapping:companies:annualrevenue"] = "number" });

        var options = host.Services.GetRequiredService<IOptions<HubSpotOptions>>().Value;

        Assert.Equal("https://api.hubapi.com", options.BaseUrl);
        Assert.Equal(100, options.RequestsPer10Seconds);
        Assert.Equal("trig_", options.PropertyPrefix);
        Assert.Equal("name,domain,hubspot_owner_id,lifecyclestage,annualrevenue", options.CompanyProperties);
        Assert.Equal("email,firstname,lastname,hubspot_owner_id,lifecyclestage", options.ContactProperties);
        Assert.Equal("number", options.Mapping["companies"]["annualrevenue"]);
        Assert.Equal("hubspot", host.Services.GetRequiredService<Lifecycle.Ports.ICrmSource>().Provider);
        Assert.False(host.Services.GetRequiredService<Lifecycle.Ports.ICrmMetadataSink>().WantsCardSummary);
    }

    [Fact]
    public async Task Start_WithBadMappingType_NamesTheKey()
    {
        using var host = Build(new() { ["Trig:HubSpot:AccessToken"] = "pat", ["Trig:HubSpot:Mapping:companies:annualrevenue"] = "money" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Trig:HubSpot:Mapping:companies:annualrevenue", error.Message, StringComparison.Ordinal);
    }
}
