using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Trig.Crm.Engine;
using Trig.Crm.Engine.Metadata;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Testing.Stores;
using Trig.Crm.Testing.Stubs;

namespace Trig.Crm.Dynamics.Tests;

/// <summary>
/// A push a crash left unconfirmed (journaled, maybe written to Dataverse, never recorded): the engine's next push of
/// the same values reads them back from the org and sends only what Dataverse does not hold.
/// </summary>
public sealed class MetadataSinkJournalTests : IAsyncLifetime
{
    private const string A1 = "e86748d4-a44a-4982-8bcc-ec00be9db6cd";
    private const string A2 = "0a1b2c3d-0000-4000-8000-000000000002";
    private const string A3 = "0a1b2c3d-0000-4000-8000-000000000003";
    private const string A4 = "0a1b2c3d-0000-4000-8000-000000000004";

    private readonly DataverseStub _dataverse = new();
    private TempStore _t = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _t = await TempStore.CreateAsync("dynjournal");
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Trig:Definitions:Path"] = _t.Directory,
            ["Trig:Store:ConnectionString"] = _t.ConnectionString,
            ["Trig:Dataverse:Url"] = _dataverse.OrgUrl,
            ["Trig:Dataverse:AuthorityHost"] = _dataverse.AuthorityUrl,
            ["Trig:Dataverse:TenantId"] = DataverseStub.TenantId,
            ["Trig:Dataverse:ClientId"] = DataverseStub.ClientId,
            ["Trig:Dataverse:ClientSecret"] = "Sup3r~Secret.Value_123",
        });
        builder.Services.AddSingleton<TimeProvider>(_t.Clock);
        builder.Services.AddSingleton<Store.ITrigStore>(_t.Store);
        builder.AddTrigEngine();
        builder.AddTrigDynamics();
        _services = builder.Services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _dataverse.Dispose();
        await _t.DisposeAsync();
    }

    private static MetadataChange Stage(string id, string value) => new(EntityKind.Organisation, id, "current_stage", value);

    [Fact]
    public async Task Push_AfterACrash_WhatDataverseHoldsIsNotSentAgain_WhatDiffersOrIsMissingIs()
    {
        _dataverse.AddColumn("account", "trig_current_stage", "String");
        _dataverse.AddColumn("account", "trig_currently_member_of_onboarding", "Boolean");
        _dataverse.AddColumn("account", "trig_last_entered_onboarding", "DateTime");
        // What the crashed process got into Dataverse before it died, in Dataverse's own formats.
        _dataverse.Accounts.AddRange(
        [
            new JsonObject { ["accountid"] = A1, ["trig_current_stage"] = "trial", ["trig_currently_member_of_onboarding"] = true, ["trig_last_entered_onboarding"] = "2026-01-31T09:00:00Z" },
            new JsonObject { ["accountid"] = A2, ["trig_current_stage"] = "lead", ["trig_currently_member_of_onboarding"] = null, ["trig_last_entered_onboarding"] = null },
            new JsonObject { ["accountid"] = A3, ["trig_current_stage"] = null, ["trig_currently_member_of_onboarding"] = null, ["trig_last_entered_onboarding"] = null },
        ]);
        MetadataChange[] a1 =
        [
            Stage(A1, "trial"),
            new(EntityKind.Organisation, A1, "currently_member_of_onboarding", "true"),
            new(EntityKind.Organisation, A1, "last_entered_onboarding", "2026-01-31T09:00:00.000Z"),
        ];
        var sink = _services.GetRequiredService<ICrmMetadataSink>();
        var pusher = _services.GetRequiredService<MetadataPusher>();
        var crashedAt = _t.Clock.GetUtcNow();
        await _t.Store.BeginPushAsync(sink.Provider, [.. a1, Stage(A2, "trial"), Stage(A3, "trial")], crashedAt, default);
        _t.Clock.Advance(TimeSpan.FromMinutes(15));

        // A4 was not in the crashed push: it is sent whatever Dataverse holds, and never read back.
        var result = await pusher.PushAsync([.. a1, Stage(A2, "trial"), Stage(A3, "trial"), Stage(A4, "trial")], default);

        Assert.Empty(result.Failed);
        Assert.Equal(6, result.Written.Count);
        var patches = _dataverse.PatchParts();
        Assert.Equal([A2, A3, A4], patches.Select(p => p.Id).Order());
        Assert.All(patches, p => Assert.Equal("""{"trig_current_stage":"trial"}""", p.Body.ToJsonString()));
        var reads = _dataverse.Requests("GET", "/api/data/v9.2/accounts").Select(e => DataverseStub.Query(e.RequestMessage)).ToList();
        Assert.NotEmpty(reads);
        Assert.StartsWith($"?$select=accountid,trig_current_stage,trig_currently_member_of_onboarding,trig_last_entered_onboarding&$filter=accountid eq {A1} or accountid eq {A2} or accountid eq {A3}", reads[0], StringComparison.Ordinal);
        Assert.DoesNotContain(reads, q => q.Contains(A4, StringComparison.Ordinal));
        var pushed = await _t.Store.LoadPushedAsync(sink.Provider, default);
        Assert.Equal(6, pushed.Count);
        Assert.All(pushed.Values, v => Assert.NotNull(v));
    }
}
