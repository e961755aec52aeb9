using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Store.Tests.Contract;

public abstract class StoreEntityContract : StoreContract
{
    [StoreFact]
    public async Task Upsert_EmptyValueRemovesAttribute_AndPeopleGroupUnderTheirOrganisation()
    {
        await using var t = await NewStoreAsync();
        await t.Store.UpsertAsync([
            new CrmRecord(EntityKind.Organisation, "o1", null, new Dictionary<string, AttributeValue> { ["plan"] = AttributeValue.Of("Premium"), ["seats"] = AttributeValue.Of(5d) }) { OwnerEmail = "sam@x.io" },
            new CrmRecord(EntityKind.Person, "p1", "o1", new Dictionary<string, AttributeValue> { ["email"] = AttributeValue.Of("a@o1.io") }),
            new CrmRecord(EntityKind.Person, "p2", null, new Dictionary<string, AttributeValue>()),
        ], default);
        await t.Store.UpsertAsync([new CrmRecord(EntityKind.Organisation, "o1", null, new Dictionary<string, AttributeValue> { ["seats"] = AttributeValue.None })], default);

        var units = await t.Store.LoadUnitsAsync(null, null, default);

        var org = units.Single(u => u.Organisation is not null);
        Assert.Equal("Premium", org.Organisation!.Get("plan").AsString);
        Assert.True(org.Organisation.Get("seats").IsNone);
        Assert.Equal("sam@x.io", org.Organisation.OwnerEmail);
        Assert.Equal("p1", Assert.Single(org.People).Id);
        Assert.Equal("p2", Assert.Single(units.Single(u => u.Organisation is null).People).Id);
    }

    [StoreFact]
    public async Task LoadUnits_PutsALoadsAttributesInOneTablePerKind_AndHoldsARepeatedValueOnce()
    {
        await using var t = await NewStoreAsync();
        await t.Store.UpsertAsync([
            new CrmRecord(EntityKind.Organisation, "o1", null, new Dictionary<string, AttributeValue> { ["plan"] = AttributeValue.Of("Premium"), ["seats"] = AttributeValue.Of(5d) }),
            new CrmRecord(EntityKind.Organisation, "o2", null, new Dictionary<string, AttributeValue> { ["plan"] = AttributeValue.Of("Premium") }),
            new CrmRecord(EntityKind.Person, "p1", "o1", new Dictionary<string, AttributeValue> { ["role"] = AttributeValue.Of("admin") }),
            new CrmRecord(EntityKind.Person, "p2", "o2", new Dictionary<string, AttributeValue> { ["role"] = AttributeValue.Of("admin") }),
        ], default);

        foreach (var units in new[] { await t.Store.LoadUnitsAsync(null, null, default), await t.Store.LoadUnitsAsync(["o1", "o2"], [], default) })
        {
            var orgs = units.Select(u => u.Organisation!).OrderBy(o => o.Id, StringComparer.Ordinal).ToArray();
            var people = units.SelectMany(u => u.People).OrderBy(p => p.Id, StringComparer.Ordinal).ToArray();

            Assert.Same(orgs[0].Attributes.Table, orgs[1].Attributes.Table);
            Assert.Same(people[0].Attributes.Table, people[1].Attributes.Table);
            Assert.NotNull(orgs[0].Attributes.Table);
            Assert.Same(orgs[0].Get("plan").AsString, orgs[1].Get("plan").AsString);
            Assert.Same(people[0].Get("role").AsString, people[1].Get("role").AsString);
            Assert.Equal(5d, orgs[0].Get("seats").AsNumber);
            Assert.True(orgs[1].Get("seats").IsNone);
        }
    }

    [StoreFact]
    public async Task AppendEvents_RepeatedMessageIdIsIgnored_AndEventsLoadSorted()
    {
        await using var t = await NewStoreAsync();
        var at = t.Clock.GetUtcNow();
        var added = await t.Store.AppendEventsAsync([
            new EventRecord(EntityKind.Person, "p1", "login", at + TimeSpan.FromHours(2), at, "m-2"),
            new EventRecord(EntityKind.Person, "p1", "login", at, at, "m-1"),
        ], default);
        var again = await t.Store.AppendEventsAsync([new EventRecord(EntityKind.Person, "p1", "login", at, at, "m-1")], default);

        var unit = (await t.Store.LoadUnitOfAsync(EntityKind.Person, "p1", default))!.Value;

        Assert.Equal(2, added);
        Assert.Equal(0, again);
        Assert.Equal(2, unit.Entity.Events.CountBetween("login", at, at + TimeSpan.FromDays(1)));
        Assert.Equal(1, unit.Entity.Events.CountBetween("login", at + TimeSpan.FromHours(1), at + TimeSpan.FromDays(1)));
    }

    [StoreFact]
    public async Task Dirty_PersonChangeMarksItsOrganisationUnit_AndTakeClears()
    {
        await using var t = await NewStoreAsync();
        await t.Store.UpsertAsync([
            new CrmRecord(EntityKind.Organisation, "o1", null, new Dictionary<string, AttributeValue>()),
            new CrmRecord(EntityKind.Person, "p1", "o1", new Dictionary<string, AttributeValue>()),
            new CrmRecord(EntityKind.Person, "solo", null, new Dictionary<string, AttributeValue>()),
        ], default);
        await t.Store.TakeDirtyAsync(default);

        await t.Store.SetAttributesAsync([new Lifecycle.Evaluation.AttributeChange(EntityKind.Person, "p1", "logins", AttributeValue.Of(3d))], default);
        await t.Store.SetAttributesAsync([new Lifecycle.Evaluation.AttributeChange(EntityKind.Person, "solo", "logins", AttributeValue.Of(1d))], default);
        var (orgs, orphans) = await t.Store.TakeDirtyAsync(default);
        var (orgs2, orphans2) = await t.Store.TakeDirtyAsync(default);

        Assert.Equal(["o1"], orgs);
        Assert.Equal(["solo"], orphans);
        Assert.Empty(orgs2);
        Assert.Empty(orphans2);
    }

    [StoreFact]
    public async Task Delete_RemovesEntityAndUnlinksItsPeople()
    {
        await using var t = await NewStoreAsync();
        await t.Store.UpsertAsync([
            new CrmRecord(EntityKind.Organisation, "o1", null, new Dictionary<string, AttributeValue> { ["plan"] = AttributeValue.Of("x") }),
            new CrmRecord(EntityKind.Person, "p1", "o1", new Dictionary<string, AttributeValue>()),
        ], default);

        await t.Store.DeleteAsync(EntityKind.Organisation, ["o1"], default);

        Assert.Null(await t.Store.LoadEntityAsync(EntityKind.Organisation, "o1", default));
        Assert.Null((await t.Store.LoadEntityAsync(EntityKind.Person, "p1", default))!.OrganisationId);
    }

    [StoreFact]
    public async Task Migrate_IsIdempotent_AndPushedStateRoundTrips()
    {
        await using var t = await NewStoreAsync();
        await t.Store.MigrateAsync(default);
        await t.Open().MigrateAsync(default);

        await t.Store.RecordPushedAsync("hubspot", [new MetadataChange(EntityKind.Organisation, "o1", "currently_member_of_x", "true")], t.Clock.GetUtcNow(), default);
        var pushed = await t.Store.LoadPushedAsync("hubspot", default);

        Assert.Equal("true", pushed[(EntityKind.Organisation, "o1", "currently_member_of_x")]);
        Assert.Empty(await t.Store.LoadPushedAsync("dynamics", default));
        Assert.True(await t.Store.TryRecordDeliveryAsync("hubspot", "42", t.Clock.GetUtcNow(), default));
        Assert.False(await t.Store.TryRecordDeliveryAsync("hubspot", "42", t.Clock.GetUtcNow(), default));
    }

    [StoreFact]
    public async Task LoadPushed_ForSomeEntities_ReturnsTheirValuesOnly_ByKindAndProvider()
    {
        await using var t = await NewStoreAsync();
        var now = t.Clock.GetUtcNow();
        await t.Store.RecordPushedAsync("hubspot", [
            new MetadataChange(EntityKind.Organisation, "o1", "stage", "onboarding"),
            new MetadataChange(EntityKind.Organisation, "o1", "health", null),
            new MetadataChange(EntityKind.Organisation, "o2", "stage", "adoption"),
            new MetadataChange(EntityKind.Person, "o1", "stage", "person with an organisation's id"),
            new MetadataChange(EntityKind.Person, "p1", "stage", "active"),
        ], now, default);
        await t.Store.RecordPushedAsync("dynamics", [new MetadataChange(EntityKind.Person, "p1", "stage", "elsewhere")], now, default);

        var pushed = await t.Store.LoadPushedAsync("hubspot", [(EntityKind.Organisation, "o1"), (EntityKind.Person, "p1"), (EntityKind.Person, "p9")], default);

        Assert.Equal(3, pushed.Count);
        Assert.Equal("onboarding", pushed[(EntityKind.Organisation, "o1", "stage")]);
        Assert.Null(pushed[(EntityKind.Organisation, "o1", "health")]);
        Assert.Equal("active", pushed[(EntityKind.Person, "p1", "stage")]);
        Assert.Empty(await t.Store.LoadPushedAsync("hubspot", [], default));
    }
}
