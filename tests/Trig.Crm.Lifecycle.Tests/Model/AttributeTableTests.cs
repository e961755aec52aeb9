using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Tests.Model;

public sealed class AttributeTableTests
{
    [Fact]
    public void RowsOfOneTable_KeepTheirOwnValues_AcrossPages()
    {
        // 40,000 rows cross the growing pages and several full pages.
        var table = new AttributeTable(new SlotMap());
        var rows = Enumerable.Range(0, 40_000).Select(_ => new AttributeDictionary(table)).ToArray();
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i]["n"] = AttributeValue.Of(i);
            if (i % 3 == 0)
            {
                rows[i]["third"] = AttributeValue.Of(true);
            }
        }

        Assert.Equal(40_000, table.Rows);
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Equal(i, rows[i]["n"].AsNumber);
            Assert.Equal(i % 3 == 0, rows[i].ContainsKey("third"));
            Assert.Equal(i % 3 == 0 ? 2 : 1, rows[i].Count);
            Assert.Same(table, rows[i].Table);
        }
    }

    [Fact]
    public void EveryKind_SurvivesInAColumn_AndReplacesAnotherKind()
    {
        var table = new AttributeTable(new SlotMap());
        var at = new DateTimeOffset(2026, 3, 1, 8, 30, 0, TimeSpan.Zero);
        AttributeValue[] values = [AttributeValue.Of("x"), AttributeValue.Of(2.5), AttributeValue.Of(true), AttributeValue.Of(at), AttributeValue.Of(["a", "b"]), AttributeValue.Of(false)];
        var rows = values.Select(_ => new AttributeDictionary(table)).ToArray();
        for (var round = 0; round < values.Length; round++)
        {
            for (var i = 0; i < rows.Length; i++)
            {
                rows[i]["v"] = values[(i + round) % values.Length];
            }

            for (var i = 0; i < rows.Length; i++)
            {
                var expected = values[(i + round) % values.Length];
                Assert.Equal(expected.Kind, rows[i]["v"].Kind);
                Assert.Equal(expected, rows[i]["v"]);
            }
        }

        rows[0].Remove("v");
        Assert.True(rows[0].Get(table.Slots.Slot("v")).IsNone);
        Assert.Equal(at, new AttributeDictionary(table) { ["d"] = AttributeValue.Of(at) }["d"].AsDateTime);
    }

    [Fact]
    public void EqualStrings_AreHeldOnce_PerColumn()
    {
        var table = new AttributeTable(new SlotMap());
        var one = new AttributeDictionary(table) { ["plan"] = AttributeValue.Of(new string("Premium".AsSpan())) };
        var two = new AttributeDictionary(table) { ["plan"] = AttributeValue.Of(new string("Premium".AsSpan())) };
        var alone = new AttributeDictionary(table.Slots) { ["plan"] = AttributeValue.Of(new string("Premium".AsSpan())) };

        Assert.Same(one["plan"].AsString, two["plan"].AsString);
        Assert.NotSame(one["plan"].AsString, alone["plan"].AsString);
        Assert.Equal(one["plan"], alone["plan"]);
    }

    [Fact]
    public void StringPool_IsBounded_ValuesPastItStayCorrect()
    {
        var table = new AttributeTable(new SlotMap());
        var count = AttributeTable.MaxPooledStrings + 10;
        var first = Enumerable.Range(0, count).Select(i => new AttributeDictionary(table) { ["email"] = AttributeValue.Of("u" + i) }).ToArray();
        var second = Enumerable.Range(0, count).Select(i => new AttributeDictionary(table) { ["email"] = AttributeValue.Of("u" + i) }).ToArray();

        Assert.Same(first[0]["email"].AsString, second[0]["email"].AsString);
        Assert.NotSame(first[count - 1]["email"].AsString, second[count - 1]["email"].AsString);
        Assert.All(Enumerable.Range(0, count), i => Assert.Equal("u" + i, second[i]["email"].AsString));
    }

    [Fact]
    public void MoveTo_KeepsTheValues_AndLaterWritesGoToTheTable()
    {
        var slots = new SlotMap();
        var table = new AttributeTable(slots);
        var other = new AttributeDictionary(table) { ["plan"] = AttributeValue.Of("Free") };
        var a = new AttributeDictionary(slots) { ["plan"] = AttributeValue.Of("Premium"), ["arr"] = AttributeValue.Of(5d) };
        a.Remove("arr");
        Assert.Null(a.Table);

        a.MoveTo(table);
        a.MoveTo(table);
        a["seats"] = AttributeValue.Of(3d);

        Assert.Same(table, a.Table);
        Assert.Equal(2, table.Rows);
        Assert.Equal(2, a.Count);
        Assert.Equal(new Dictionary<string, AttributeValue> { ["plan"] = AttributeValue.Of("Premium"), ["seats"] = AttributeValue.Of(3d) }, new Dictionary<string, AttributeValue>(a));
        Assert.Equal("Free", other["plan"].AsString);
        Assert.False(other.ContainsKey("seats"));
        Assert.Throws<ArgumentException>(() => a.MoveTo(new AttributeTable(new SlotMap())));
    }

    [Fact]
    public void Clear_EmptiesOnlyItsRow()
    {
        var table = new AttributeTable(new SlotMap());
        var one = new AttributeDictionary(table) { ["plan"] = AttributeValue.Of("Premium"), ["arr"] = AttributeValue.Of(5d) };
        var two = new AttributeDictionary(table) { ["plan"] = AttributeValue.Of("Free") };

        one.Clear();

        Assert.Empty(one);
        Assert.True(one.Count == 0);
        Assert.Equal("Free", two["plan"].AsString);
    }

    [Fact]
    public void ParallelWritesToDifferentRows_AllSurvive_WhileColumnsAndPagesAreMade()
    {
        var table = new AttributeTable(new SlotMap());
        var rows = Enumerable.Range(0, 60_000).Select(_ => new AttributeDictionary(table)).ToArray();
        var names = Enumerable.Range(0, 8).Select(i => "c" + i).ToArray();

        Parallel.For(0, rows.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            foreach (var name in names)
            {
                rows[i][name] = AttributeValue.Of(i);
            }
        });

        Assert.All(Enumerable.Range(0, rows.Length), i => Assert.All(names, name => Assert.Equal(i, rows[i][name].AsNumber)));
    }

    [Fact]
    public void RandomOperations_OnSharedRows_BehaveAsDictionaries()
    {
        var rng = new Random(17);
        var table = new AttributeTable(new SlotMap());
        var names = Enumerable.Range(0, 30).Select(i => "n" + i).ToArray();
        var bags = Enumerable.Range(0, 50).Select(_ => new AttributeDictionary(table)).ToArray();
        var models = bags.Select(_ => new Dictionary<string, AttributeValue>(StringComparer.Ordinal)).ToArray();
        for (var op = 0; op < 5000; op++)
        {
            var i = rng.Next(bags.Length);
            var name = names[rng.Next(names.Length)];
            if (rng.Next(3) == 0)
            {
                Assert.Equal(models[i].Remove(name), bags[i].Remove(name));
            }
            else
            {
                var v = rng.Next(4) == 0 ? AttributeValue.Of("s" + rng.Next(3)) : AttributeValue.Of(rng.Next(5));
                bags[i][name] = v;
                models[i][name] = v;
            }

            Assert.Equal(models[i].Count, bags[i].Count);
        }

        for (var i = 0; i < bags.Length; i++)
        {
            Assert.Equal(models[i].OrderBy(p => p.Key, StringComparer.Ordinal), bags[i].OrderBy(p => p.Key, StringComparer.Ordinal));
        }
    }

    [Fact]
    public void EntityState_TakesARowOfATableOfItsKind_Only()
    {
        var people = new AttributeTable(EntityKind.Person);
        var p = new EntityState(EntityKind.Person, "p1", people);
        p.Attributes["logins"] = AttributeValue.Of(3d);

        Assert.Same(people, p.Attributes.Table);
        Assert.Equal(3d, p.Get("logins").AsNumber);
        Assert.Null(new EntityState(EntityKind.Person, "p2").Attributes.Table);
        Assert.Throws<ArgumentException>(() => new EntityState(EntityKind.Organisation, "o1", people));
    }
}
