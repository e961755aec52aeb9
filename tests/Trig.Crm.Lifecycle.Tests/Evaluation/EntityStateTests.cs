using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Tests.Evaluation;

/// <summary>What an entity does not hold until it needs it: extras, an event log, memberships.</summary>
public sealed class EntityStateTests
{
    private static readonly DateTimeOffset Origin = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void OwnerEmailAndRecordUrl_AreSetAndClearedEachOnItsOwn()
    {
        var e = new EntityState(EntityKind.Organisation, "o1");
        Assert.Null(e.OwnerEmail);
        Assert.Null(e.RecordUrl);

        e.OwnerEmail = "owner@vendor.example";
        Assert.Equal("owner@vendor.example", e.OwnerEmail);
        Assert.Null(e.RecordUrl);

        e.RecordUrl = "https://crm.example/o1";
        Assert.Equal("owner@vendor.example", e.OwnerEmail);
        Assert.Equal("https://crm.example/o1", e.RecordUrl);

        e.OwnerEmail = null;
        Assert.Null(e.OwnerEmail);
        Assert.Equal("https://crm.example/o1", e.RecordUrl);
        Assert.Equal("https://crm.example/o1", e.ToSnapshot().RecordUrl);

        e.RecordUrl = null;
        e.OwnerEmail = "other@vendor.example";
        Assert.Equal("other@vendor.example", e.ToSnapshot().OwnerEmail);
        Assert.Null(e.ToSnapshot().RecordUrl);
    }

    [Fact]
    public void Extras_AreNotSharedBetweenEntities()
    {
        var one = new EntityState(EntityKind.Person, "p1") { OwnerEmail = "a@vendor.example" };
        var two = new EntityState(EntityKind.Person, "p2") { OwnerEmail = "a@vendor.example" };
        two.RecordUrl = "https://crm.example/p2";

        Assert.Null(one.RecordUrl);
        Assert.Equal("https://crm.example/p2", two.RecordUrl);
    }

    [Fact]
    public void Reads_OfAnEntityWithNoMembershipsOrEvents_FindNothingAndAllocateNothing()
    {
        var e = new EntityState(EntityKind.Person, "p1");
        Assert.False(e.TryGetMembership("champions", out _)); // warm up the path
        Assert.False(e.HasEvents);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var found = e.TryGetMembership("champions", out var m);
        var hasEvents = e.HasEvents;
        e.TrimExcess();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.False(found);
        Assert.Null(m);
        Assert.False(hasEvents);
        Assert.Equal(0, allocated);
        Assert.Empty(e.Memberships);
        Assert.Equal(0, e.Events.Count);
    }

    [Fact]
    public void MembershipsAndEvents_MadeOnFirstUse_AreKeptAndSeenByEveryRead()
    {
        var e = new EntityState(EntityKind.Organisation, "o1");
        var memberships = e.Memberships;
        var events = e.Events;
        Assert.Same(memberships, e.Memberships);
        Assert.Same(events, e.Events);

        var run = new Membership("test_only_def") { Status = MembershipStatus.Active };
        e.Memberships["test_only_def"] = run;
        e.Events.Add("login", Origin);

        Assert.True(e.TryGetMembership("test_only_def", out var found));
        Assert.Same(run, found);
        Assert.True(e.HasEvents);
        Assert.Equal(1, e.Events.CountBetween("login", Origin, Origin));
    }

    [Fact]
    public void FirstUse_FromTwoThreadsAtOnce_GivesBothTheSameParts()
    {
        var entities = Enumerable.Range(0, 2000).Select(i => new EntityState(EntityKind.Person, "p" + i)).ToArray();
        var seen = new (MembershipDictionary, EventLog)[2, entities.Length];
        Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, t =>
        {
            for (var i = 0; i < entities.Length; i++)
            {
                seen[t, i] = (entities[i].Memberships, entities[i].Events);
            }
        });

        for (var i = 0; i < entities.Length; i++)
        {
            Assert.Same(seen[0, i].Item1, seen[1, i].Item1);
            Assert.Same(seen[0, i].Item2, seen[1, i].Item2);
            Assert.Same(entities[i].Memberships, seen[0, i].Item1);
        }
    }

    [Fact]
    public void TrimExcess_LeavesTheEventsAsTheyWere()
    {
        var e = new EntityState(EntityKind.Person, "p1");
        for (var i = 0; i < 7; i++)
        {
            e.Events.Add(i % 2 == 0 ? "login" : "project_created", Origin.AddMinutes(i));
        }

        e.TrimExcess();

        Assert.Equal(7 + 2, e.Events.Capacity); // seven events and two names' headers, no room to grow
        Assert.Equal(4, e.Events.CountBetween("login", Origin, Origin.AddHours(1)));
        Assert.Equal(3, e.Events.CountBetween("project_created", Origin, Origin.AddHours(1)));
    }
}
