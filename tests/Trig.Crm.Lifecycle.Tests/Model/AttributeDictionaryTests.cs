using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Tests.Model;

public sealed class AttributeDictionaryTests
{
    [Fact]
    public void Indexer_SetsAndReads_ByName()
    {
        var a = new AttributeDictionary(new SlotMap()) { ["plan"] = AttributeValue.Of("Premium"), ["arr"] = AttributeValue.Of(10d) };

        Assert.Equal(AttributeValue.Of("Premium"), a["plan"]);
        Assert.True(a.TryGetValue("arr", out var arr));
        Assert.Equal(10d, arr.AsNumber);
        Assert.True(a.ContainsKey("plan"));
        Assert.False(a.ContainsKey("seats"));
        Assert.False(a.TryGetValue("seats", out _));
        Assert.Equal(2, a.Count);
        Assert.Throws<KeyNotFoundException>(() => a["seats"]);

        a["plan"] = AttributeValue.Of("Free");
        Assert.Equal("Free", a["plan"].AsString);
        Assert.Equal(2, a.Count);
    }

    [Fact]
    public void NoValue_IsNoEntry()
    {
        var a = new AttributeDictionary(new SlotMap()) { ["plan"] = AttributeValue.Of("Premium") };
        a["plan"] = AttributeValue.None;
        Assert.False(a.ContainsKey("plan"));
        Assert.True(a.Count == 0);
        Assert.Empty(a);

        a["plan"] = AttributeValue.Of("x");
        Assert.True(a.Remove("plan"));
        Assert.False(a.Remove("plan"));
        Assert.False(a.Remove("never_seen"));
        Assert.True(a.Count == 0);
    }

    [Fact]
    public void Add_RefusesAnExistingName_Clear_EmptiesIt()
    {
        var a = new AttributeDictionary(new SlotMap());
        a.Add("plan", AttributeValue.Of("Premium"));
        Assert.Throws<ArgumentException>(() => a.Add("plan", AttributeValue.Of("Free")));
        a.Clear();
        Assert.True(a.Count == 0);
        Assert.False(a.ContainsKey("plan"));
    }

    [Fact]
    public void EntitiesSharingSlots_KeepTheirOwnValues()
    {
        var slots = new SlotMap();
        var one = new AttributeDictionary(slots) { ["plan"] = AttributeValue.Of("Premium") };
        var two = new AttributeDictionary(slots) { ["arr"] = AttributeValue.Of(5d), ["plan"] = AttributeValue.Of("Free") };

        Assert.Equal("Premium", one["plan"].AsString);
        Assert.Equal("Free", two["plan"].AsString);
        Assert.False(one.ContainsKey("arr"));
        Assert.Equal(one.Get(slots.Slot("plan")), one["plan"]);
        Assert.True(one.Get(slots.Slot("arr")).IsNone);
        Assert.True(one.Get(1000).IsNone);
    }

    [Fact]
    public void Enumeration_YieldsEveryPairWithAValue()
    {
        var a = new AttributeDictionary(new SlotMap()) { ["b"] = AttributeValue.Of(2d), ["a"] = AttributeValue.Of(1d), ["c"] = AttributeValue.Of(3d) };
        a.Remove("a");

        Assert.Equal(["b", "c"], a.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([2d, 3d], a.Values.Select(v => v.AsNumber).Order());
        Assert.Equal(new Dictionary<string, AttributeValue> { ["b"] = AttributeValue.Of(2d), ["c"] = AttributeValue.Of(3d) }, new Dictionary<string, AttributeValue>(a));
    }

    [Fact]
    public void RandomOperations_BehaveAsADictionary()
    {
        var rng = new Random(13);
        var slots = new SlotMap();
        var names = Enumerable.Range(0, 40).Select(i => "n" + i).ToArray();
        for (var round = 0; round < 200; round++)
        {
            var bag = new AttributeDictionary(slots);
            var model = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
            for (var op = 0; op < 60; op++)
            {
                var name = names[rng.Next(names.Length)];
                switch (rng.Next(3))
                {
                    case 0:
                        var v = AttributeValue.Of(rng.Next(5));
                        bag[name] = v;
                        model[name] = v;
                        break;
                    case 1:
                        Assert.Equal(model.Remove(name), bag.Remove(name));
                        break;
                    default:
                        Assert.Equal(model.TryGetValue(name, out var expected), bag.TryGetValue(name, out var actual));
                        Assert.Equal(expected, actual);
                        break;
                }

                Assert.Equal(model.Count, bag.Count);
            }

            Assert.Equal(model.OrderBy(p => p.Key, StringComparer.Ordinal), bag.OrderBy(p => p.Key, StringComparer.Ordinal));
        }
    }
}
