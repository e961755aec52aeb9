using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.Dynamics.Tests;

public sealed class DataverseOptionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddTrigDynamics();
        return builder.Services.BuildServiceProvider();
    }

    [Fact]
    public void MissingSecret_FailsStartWithOneLineNamingTheKey()
    {
        using var sp = Build(new()
        {
            ["Trig:Dataverse:Url"] = "https://contoso.crm.dynamics.com",
            ["Trig:Dataverse:TenantId"] = "t",
            ["Trig:Dataverse:ClientId"] = "c",
        });

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IStartupValidator>().Validate());

        var failure = Assert.Single(ex.Failures);
        Assert.Contains("Trig:Dataverse:ClientSecret is required (the client secret of the application user) when Trig:Crm:Provider is dynamics.", failure, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void NothingSet_NamesEveryRequiredKey_OnOneLine()
    {
        using var sp = Build(new() { ["Trig:Crm:Provider"] = "dynamics", ["Trig:Dataverse:ColumnTypes:industrycode"] = "colour" });

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IStartupValidator>().Validate());

        foreach (var key in (string[])["Url", "TenantId", "ClientId", "ClientSecret"])
        {
            Assert.Contains($"Trig:Dataverse:{key} is required", ex.Message, StringComparison.Ordinal);
        }

        Assert.Contains("Trig:Dataverse:ColumnTypes:industrycode must be", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Defaults_AreTheDocumentedOnes_AndServicesResolveAsPorts()
    {
        using var sp = Build(new()
        {
            ["Trig:Dataverse:Url"] = "https://contoso.crm.dynamics.com",
            ["Trig:Dataverse:TenantId"] = "t",
            ["Trig:Dataverse:ClientId"] = "c",
            ["Trig:Dataverse:ClientSecret"] = "s",
        });

        sp.GetRequiredService<IStartupValidator>().Validate();
        var o = sp.GetRequiredService<IOptions<DataverseOptions>>().Value;
        Assert.Equal("https://login.microsoftonline.com", o.AuthorityHost);
        Assert.Equal(("trig", "trig"), (o.SolutionUniqueName, o.PublisherPrefix));
        Assert.Equal("name,revenue,_ownerid_value,modifiedon", o.AccountColumns);
        Assert.Equal("fullname,emailaddress1,_parentcustomerid_value,_ownerid_value", o.ContactColumns);
        Assert.Equal((5000, 1000, 4), (o.MaxPageSize, o.MaxBatchOperations, o.MaxConcurrency));
        Assert.Equal(6000, o.RequestsPerFiveMinutes);
        Assert.Equal("dynamics", sp.GetRequiredService<ICrmSource>().Provider);
        var sink = sp.GetRequiredService<ICrmMetadataSink>();
        Assert.Equal("dynamics", sink.Provider);
        Assert.True(sink.WantsCardSummary);
        Assert.Same(sp.GetRequiredService<Sink.DataverseMetadataSink>(), sink);
    }

    [Fact]
    public void ConcurrencyAtServiceLimit_IsRejected()
    {
        using var sp = Build(new()
        {
            ["Trig:Dataverse:Url"] = "https://contoso.crm.dynamics.com",
            ["Trig:Dataverse:TenantId"] = "t",
            ["Trig:Dataverse:ClientId"] = "c",
            ["Trig:Dataverse:ClientSecret"] = "s",
            ["Trig:Dataverse:MaxConcurrency"] = "60",
        });

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Trig:Dataverse:MaxConcurrency must be between 1 and 52.", ex.Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("6001")]
    public void RequestsPerFiveMinutesOutsideTheUsersLimit_IsRejected(string value)
    {
        using var sp = Build(new()
        {
            ["Trig:Dataverse:Url"] = "https://contoso.crm.dynamics.com",
            ["Trig:Dataverse:TenantId"] = "t",
            ["Trig:Dataverse:ClientId"] = "c",
            ["Trig:Dataverse:ClientSecret"] = "s",
            ["Trig:Dataverse:RequestsPerFiveMinutes"] = value,
        });

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IStartupValidator>().Validate());

        var failure = Assert.Single(ex.Failures);
        Assert.Contains("Trig:Dataverse:RequestsPerFiveMinutes must be between 1 and 6000", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void PacingSlicesOutOfRange_IsRejectedAtStart()
    {
        using var sp = Build(new()
        {
            ["Trig:Dataverse:Url"] = "https://contoso.crm.dynamics.com",
            ["Trig:Dataverse:TenantId"] = "t",
            ["Trig:Dataverse:ClientId"] = "c",
            ["Trig:Dataverse:ClientSecret"] = "s",
            ["Trig:Pacing:Slices"] = "0",
        });

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Trig:Pacing:Slices must be between 1 and 100.", ex.Message, StringComparison.Ordinal);
    }
}
