using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Tests.Evaluation;

public sealed class MembershipDictionaryTests
{
    [Fact]
    public void Indexer_SetsAndReads_ByKey()
    {
        var slots = new SlotMap();
        var onboarding = new Membership("onboarding");
        var m = new MembershipDictionary(slots) { ["onboarding"] = onboarding };

        Assert.Same(onboarding, m["onboarding"]);
        Assert.True(m.TryGetValue("onboarding", out var found));
        Assert.Same(onboarding, found);
        Assert.Same(onboarding, m.Get(slots.Slot("onboarding")));
        Assert.False(m.TryGetValue("churn", out _));
        Assert.Null(m.Get(slots.Slot("churn")));
        Assert.Throws<KeyNotFoundException>(() => m["churn"]);
        Assert.True(m.Count == 1);
    }

    [Fact]
    public void Replace_Remove_AndEnumerate()
    {
        var m = new MembershipDictionary(new SlotMap()) { ["a"] = new("a"), ["b"] = new("b") };
        var again = new Membership("a");
        m["a"] = again;
        Assert.Equal(2, m.Count);
        Assert.Same(again, m["a"]);

        Assert.True(m.Remove("b"));
        Assert.False(m.Remove("b"));
        Assert.Equal(["a"], m.Keys);
        Assert.Equal([again], m.Values);
        Assert.True(m.Count == 1);
        m.Clear();
        Assert.Empty(m);
    }

    [Fact]
    public void Entity_KeepsMembershipsOfItsOwn()
    {
        var one = new EntityState(EntityKind.Organisation, "o1");
        var two = new EntityState(EntityKind.Organisation, "o2");
        one.Memberships["test_only_def"] = new Membership("test_only_def") { Status = MembershipStatus.Active };

        Assert.True(one.Memberships["test_only_def"].IsActive);
        Assert.False(two.Memberships.ContainsKey("test_only_def"));
        Assert.Same(one.Memberships.Slots, two.Memberships.Slots);
    }
}
