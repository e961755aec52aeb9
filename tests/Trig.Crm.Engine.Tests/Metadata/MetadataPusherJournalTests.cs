using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Trig.Crm.Engine.Metadata;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Engine.Tests.Metadata;

/// <summary>
/// A push a crash left unconfirmed (journaled, written to the CRM, never recorded): the next push reads those values
/// back from the CRM (here the local CRM's table in a real SQLite store) and sends only what the CRM does not hold.
/// </summary>
public sealed class MetadataPusherJournalTests : IAsyncLifetime
{
    private TempStore _t = null!;
    private IHost _host = null!;

    public async Task InitializeAsync()
    {
        _t = await TempStore.CreateAsync("journal");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Trig:Definitions:Path"] = _t.Directory,
            ["Trig:Store:ConnectionString"] = _t.ConnectionString,
        });
        builder.Services.AddSingleton<TimeProvider>(_t.Clock);
        builder.Services.AddSingleton<Store.ITrigStore>(_t.Store);
        builder.AddTrigEngine().AddTrigLocalCrm();
        _host = builder.Build();
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _t.DisposeAsync();
    }

    private static MetadataChange Stage(string org, string value) => new(EntityKind.Organisation, org, "current_stage", value);

    [Fact]
    public async Task Push_AfterACrashBetweenWritingAndRecording_WhatTheCrmHoldsIsNotSentAgain()
    {
        var sink = _host.Services.GetRequiredService<ICrmMetadataSink>();
        var pusher = _host.Services.GetRequiredService<MetadataPusher>();
        var crashedAt = _t.Clock.GetUtcNow();
        // The crashed process journaled three values; the CRM got the first two before it died.
        await _t.Store.BeginPushAsync(sink.Provider, [Stage("o1", "trial"), Stage("o2", "trial"), Stage("o3", "trial")], crashedAt, default);
        await sink.PushAsync([Stage("o1", "trial"), Stage("o2", "trial")], default);
        _t.Clock.Advance(TimeSpan.FromMinutes(15));

        // o2 has moved on meanwhile, o4 is new: both are sent whatever the journal says.
        var result = await pusher.PushAsync([Stage("o1", "trial"), Stage("o2", "onboarding"), Stage("o3", "trial"), Stage("o4", "trial")], default);

        Assert.Equal(4, result.Written.Count);
        var writtenAt = await WrittenAtAsync();
        Assert.Equal(crashedAt, writtenAt["o1"]); // found in the CRM: not written again
        Assert.Equal(_t.Clock.GetUtcNow(), writtenAt["o2"]);
        Assert.Equal(_t.Clock.GetUtcNow(), writtenAt["o3"]); // journaled but never written: sent now
        Assert.Equal(_t.Clock.GetUtcNow(), writtenAt["o4"]);
        var pushed = await _t.Store.LoadPushedAsync(sink.Provider, default);
        Assert.Equal(["trial", "onboarding", "trial", "trial"], ((string[])["o1", "o2", "o3", "o4"]).Select(o => pushed[(EntityKind.Organisation, o, "current_stage")]));
    }

    [Fact]
    public async Task Push_Completed_LeavesNoUnfinishedJournal_SoTheNextPushIsNotReadBack()
    {
        var sink = _host.Services.GetRequiredService<ICrmMetadataSink>();
        var pusher = _host.Services.GetRequiredService<MetadataPusher>();

        await pusher.PushAsync([Stage("o1", "trial")], default);
        Assert.Empty(await _t.Store.LoadUnfinishedPushesAsync(sink.Provider, _t.Clock.GetUtcNow().AddDays(-1), default));
        _t.Clock.Advance(TimeSpan.FromMinutes(15));
        await pusher.PushAsync([Stage("o1", "trial")], default); // e.g. a stage left and entered again: a real change, sent

        Assert.Equal(_t.Clock.GetUtcNow(), (await WrittenAtAsync())["o1"]);
    }

    [Theory]
    [InlineData(null, "", true)]
    [InlineData("", null, true)]
    [InlineData("trial", "trial", true)]
    [InlineData("trial", "Trial", false)]
    [InlineData("2026-11-30T09:00:00Z", "2026-11-30T09:00:00.000+00:00", true)]
    [InlineData("2026-11-30T09:00:00Z", "2026-11-30T09:00:01Z", false)]
    [InlineData("12000", "12000.0", true)]
    [InlineData("12000", "12001", false)]
    [InlineData("x", null, false)]
    public void SameValue_ComparesAsTheCrmFormatsValues(string? held, string? sent, bool same) =>
        Assert.Equal(same, MetadataPusher.SameValue(held, sent));

    private async Task<Dictionary<string, DateTimeOffset>> WrittenAtAsync()
    {
        await using var c = new SqliteConnection(_t.ConnectionString);
        await c.OpenAsync();
        await using var q = c.CreateCommand();
        q.CommandText = "SELECT entity_id, written_at FROM crm_properties";
        await using var r = await q.ExecuteReaderAsync();
        var at = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        while (await r.ReadAsync())
        {
            at[r.GetString(0)] = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1));
        }

        return at;
    }
}
