using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Trig.Crm.Dynamics.Sink;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Testing.Stubs;

namespace Trig.Crm.Dynamics.Tests;

public sealed class MetadataSinkRestartTests
{
    private const string Account = "e86748d4-a44a-4982-8bcc-ec00be9db6cd";

    private static readonly MetadataProperty[] Properties =
    [
        new(EntityKind.Organisation, "currently_member_of_onboarding", MetadataType.Bool, "Currently in Onboarding"),
        new(EntityKind.Organisation, "last_entered_onboarding", MetadataType.DateTime, "Last entered Onboarding"),
        new(EntityKind.Organisation, "current_stage", MetadataType.String, "Current stage"),
    ];

    /// <summary>One process: its own service provider (and so its own sink and caches) against the shared org.</summary>
    private static ServiceProvider Process(DataverseStub dataverse)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Trig:Dataverse:Url"] = dataverse.OrgUrl,
            ["Trig:Dataverse:AuthorityHost"] = dataverse.AuthorityUrl,
            ["Trig:Dataverse:TenantId"] = DataverseStub.TenantId,
            ["Trig:Dataverse:ClientId"] = DataverseStub.ClientId,
            ["Trig:Dataverse:ClientSecret"] = "Sup3r~Secret.Value_123",
        });
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 1, 10, 9, 0, 0, TimeSpan.Zero)));
        builder.AddTrigDynamics();
        return builder.Services.BuildServiceProvider();
    }

    [Fact]
    public async Task Push_AfterRestart_TypesValuesFromTheColumnsDataverseHas()
    {
        using var dataverse = new DataverseStub();
        dataverse.AddColumn("account", "trig_health_score", "Decimal");
        using (var first = Process(dataverse))
        {
            var provisioned = await first.GetRequiredService<DataverseMetadataSink>().ProvisionAsync(Properties, CancellationToken.None);
            Assert.Equal(3, provisioned.Created.Count);
        }

        dataverse.ResetLogs();
        using var restarted = Process(dataverse);
        var sink = restarted.GetRequiredService<DataverseMetadataSink>();

        var result = await sink.PushAsync(
            [
                new(EntityKind.Organisation, Account, "currently_member_of_onboarding", "true"),
                new(EntityKind.Organisation, Account, "last_entered_onboarding", "2026-01-31T09:00:00Z"),
                new(EntityKind.Organisation, Account, "current_stage", "true"),
                new(EntityKind.Organisation, Account, "health_score", "42.5"),
            ],
            CancellationToken.None);
        var again = await sink.PushAsync([new(EntityKind.Organisation, Account, "health_score", "7")], CancellationToken.None);

        Assert.Empty(result.Failed);
        Assert.Equal(2, result.Requests);
        Assert.Equal(1, again.Requests);
        var patches = dataverse.PatchParts();
        Assert.Equal(
            """{"trig_currently_member_of_onboarding":true,"trig_last_entered_onboarding":"2026-01-31T09:00:00.000Z","trig_current_stage":"true","trig_health_score":42.5}""",
            patches[0].Body.ToJsonString());
        Assert.Equal("""{"trig_health_score":7}""", patches[1].Body.ToJsonString());

        var read = Assert.Single(dataverse.Requests("GET", "/EntityDefinitions(")).RequestMessage;
        Assert.Equal("/api/data/v9.2/EntityDefinitions(LogicalName='account')/Attributes", Uri.UnescapeDataString(read.Path));
        Assert.Equal("?$select=LogicalName,AttributeType&$filter=IsCustomAttribute eq true", DataverseStub.Query(read));
    }
}
