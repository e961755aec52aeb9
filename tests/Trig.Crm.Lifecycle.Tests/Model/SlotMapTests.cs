using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Tests.Model;

public sealed class SlotMapTests
{
    [Fact]
    public void Slot_NumbersEachNameOnce_InOrder()
    {
        var map = new SlotMap();
        Assert.Equal(0, map.Slot("plan"));
        Assert.Equal(1, map.Slot("arr"));
        Assert.Equal(0, map.Slot("plan"));
        Assert.Equal(2, map.Count);
        Assert.Equal("arr", map.Name(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => map.Name(2));
    }

    [Fact]
    public void TryFind_NeverNumbersAName()
    {
        var map = new SlotMap();
        Assert.False(map.TryFind("plan", out _));
        Assert.Equal(0, map.Count);
        map.Slot("plan");
        Assert.True(map.TryFind("plan", out var slot));
        Assert.Equal(0, slot);
    }

    [Fact]
    public void Slot_FromManyThreads_GivesEveryNameOneDenseSlot()
    {
        var map = new SlotMap();
        var names = Enumerable.Range(0, 500).Select(i => "attr_" + i).ToArray();
        var seen = new int[4][];
        Parallel.For(0, 4, t => seen[t] = [.. names.Select(map.Slot)]);

        Assert.Equal(names.Length, map.Count);
        Assert.All(seen, s => Assert.Equal(seen[0], s));
        Assert.Equal(Enumerable.Range(0, names.Length), seen[0].Order());
        Assert.All(names, n => Assert.Equal(n, map.Name(map.Slot(n))));
    }
}
