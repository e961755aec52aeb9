using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store.Authoring;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Store.Tests.Contract;

/// <summary>Authored definitions: set versions with their entries and audit row, history, optimistic concurrency, paged audit, observed schema.</summary>
public abstract class AuthoringStoreContract : StoreContract, IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private IStoreUnderTest _t = null!;

    public async Task InitializeAsync() => _t = await NewStoreAsync();

    public async Task DisposeAsync() => await _t.DisposeAsync();

    private static AuthoredChange Change(string actor, params AuthoredEdit[] edits) => new(actor, At, "definitions.apply", "test", edits);

    [StoreFact]
    public async Task Publish_StoresASetVersionWithItsEntriesAndAuditRow_AndRetiredEntriesLeaveTheSet()
    {
        Assert.Equal(AuthoredSet.Empty.Version, (await _t.Store.LoadAuthoredAsync(default)).Version);
        Assert.Equal(1, await _t.Store.PublishAsync(Change("api-key", new AuthoredEdit("a", "cohorts", "A1", "+ A1"), new AuthoredEdit("b", "cohorts", "B1", "+ B1")), 0, default));
        Assert.Equal(2, await _t.Store.PublishAsync(Change("hubspot:x@y.z", new AuthoredEdit("a", "cohorts", "A2", "- A1\n+ A2"), new AuthoredEdit("b", "cohorts", null, "- B1")), 1, default));

        var set = await _t.Open().LoadAuthoredAsync(default);
        Assert.Equal(2, set.Version);
        var a = Assert.Single(set.Entries);
        Assert.Equal(("a", "A2", 2L, "hubspot:x@y.z"), (a.Key, a.Text, a.SetVersion, a.Actor));

        var history = await _t.Store.HistoryAsync("b", default);
        Assert.Equal([(2L, (string?)null), (1L, "B1")], history.Select(v => (v.SetVersion, v.Text)));
        Assert.Equal("- B1", history[0].Diff);

        var audit = await _t.Store.AuditPageAsync(null, 10, default);
        Assert.Equal(["hubspot:x@y.z", "api-key"], audit.Select(r => r.Actor));
        Assert.All(audit, r => Assert.Equal("definitions.apply", r.Action));
        Assert.StartsWith("set v2", audit[0].Subject, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task Publish_AgainstAStaleVersion_StoresNothing()
    {
        await _t.Store.PublishAsync(Change("one", new AuthoredEdit("a", "cohorts", "A1", "")), 0, default);

        Assert.Null(await _t.Store.PublishAsync(Change("two", new AuthoredEdit("a", "cohorts", "A-stale", "")), 0, default));

        Assert.Equal("A1", Assert.Single((await _t.Store.LoadAuthoredAsync(default)).Entries).Text);
        Assert.Equal(1, await _t.Store.AuthoredSetVersionAsync(default));
        Assert.Single(await _t.Store.AuditPageAsync(null, 10, default));
    }

    [StoreFact]
    public async Task Publish_FourStoresAtOnceOnTheSameVersion_OnlyOneIsStored()
    {
        var nodes = Enumerable.Range(0, 4).Select(_ => _t.Open()).ToList();

        var versions = await Task.WhenAll(nodes.Select((n, i) => Task.Run(() =>
            n.PublishAsync(Change($"node-{i}", new AuthoredEdit("a", "cohorts", $"A{i}", "")), 0, default))));

        Assert.Equal(1, Assert.Single(versions, v => v is not null));
        Assert.Equal(1, await _t.Store.AuthoredSetVersionAsync(default));
        Assert.Single(await _t.Store.HistoryAsync("a", default));
    }

    [StoreFact]
    public async Task AuditPage_PagesBackwardsById()
    {
        for (var i = 0; i < 5; i++)
        {
            await _t.Store.AuditAsync(new AuditRecord(0, At.AddMinutes(i), "cli:ops", "test", $"s{i}"), default);
        }

        var first = await _t.Store.AuditPageAsync(null, 2, default);
        Assert.Equal(["s4", "s3"], first.Select(r => r.Subject));
        var next = await _t.Store.AuditPageAsync(first[^1].Id, 10, default);
        Assert.Equal(["s2", "s1", "s0"], next.Select(r => r.Subject));
    }

    [StoreFact]
    public async Task Observed_ListsAttributesByKindNameAndType_WithExamples_AndEventNames()
    {
        await _t.Store.UpsertAsync(
            [
                new CrmRecord(EntityKind.Organisation, "o1", null, new Dictionary<string, AttributeValue> { ["seats"] = AttributeValue.Of(12), ["region"] = AttributeValue.Of("EU") }),
                new CrmRecord(EntityKind.Organisation, "o2", null, new Dictionary<string, AttributeValue> { ["seats"] = AttributeValue.Of(40) }),
                new CrmRecord(EntityKind.Person, "p1", "o1", new Dictionary<string, AttributeValue> { ["role"] = AttributeValue.Of("admin") }),
            ],
            default);
        Assert.Empty(await _t.Store.ObservedEventsAsync(default));
        await _t.Store.AppendEventsAsync([new EventRecord(EntityKind.Person, "p1", "login", At, At, "m1", null), new EventRecord(EntityKind.Person, "p1", "login", At, At, "m2", null)], default);

        var observed = await _t.Store.ObservedAttributesAsync(5, default);
        var seats = observed.Single(o => o.Name == "seats");
        Assert.Equal((EntityKind.Organisation, ValueKind.Number, 2L), (seats.Entity, seats.Type, seats.Entities));
        Assert.Equal(["12", "40"], seats.Examples.Order(StringComparer.Ordinal));
        Assert.Equal(EntityKind.Person, observed.Single(o => o.Name == "role").Entity);
        Assert.Equal([("login", 2L)], await _t.Store.ObservedEventsAsync(default));
    }
}
