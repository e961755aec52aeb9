using System.Runtime.CompilerServices;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Tests.Model;

public sealed class AttributeValueTests
{
    private static readonly DateTimeOffset Nov30 = new(2026, 11, 30, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Value_Is16Bytes_SoTensOfMillionsFitInMemory() =>
        Assert.Equal(16, Unsafe.SizeOf<AttributeValue>());

    [Fact]
    public void EachKind_KeepsItsKindAndPayload()
    {
        Assert.Equal(ValueKind.None, default(AttributeValue).Kind);
        Assert.True(AttributeValue.None.IsNone);

        var s = AttributeValue.Of("Premium");
        Assert.Equal((ValueKind.String, "Premium", false), (s.Kind, s.AsString, s.IsNone));
        Assert.True(double.IsNaN(s.AsNumber));

        var n = AttributeValue.Of(-3.5);
        Assert.Equal((ValueKind.Number, -3.5, "-3.5"), (n.Kind, n.AsNumber, n.ToString()));
        Assert.False(n.AsBool);

        var b = AttributeValue.Of(true);
        Assert.Equal((ValueKind.Bool, true, "true"), (b.Kind, b.AsBool, b.ToString()));
        Assert.Equal(ValueKind.Bool, AttributeValue.Of(false).Kind);
        Assert.False(AttributeValue.Of(false).AsBool);

        var d = AttributeValue.Of(Nov30);
        Assert.Equal((ValueKind.DateTime, Nov30, "2026-11-30T09:30:00.000Z"), (d.Kind, d.AsDateTime, d.ToString()));
        Assert.Equal(default, n.AsDateTime);

        var l = AttributeValue.Of(["a", "b"]);
        Assert.Equal((ValueKind.List, "a;b"), (l.Kind, l.ToString()));
        Assert.Equal(["a", "b"], l.AsList);
    }

    [Fact]
    public void NullString_IsNoValue() => Assert.True(AttributeValue.Of((string?)null).IsNone);

    [Fact]
    public void Equality_NeedsTheSameKindAndPayload()
    {
        Assert.Equal(AttributeValue.Of(1d), AttributeValue.Of(1d));
        Assert.NotEqual(AttributeValue.Of(1d), AttributeValue.Of(true));
        Assert.NotEqual(AttributeValue.Of("1"), AttributeValue.Of(1d));
        Assert.NotEqual(AttributeValue.Of(new DateTimeOffset(1, TimeSpan.Zero)), AttributeValue.Of(BitConverter.Int64BitsToDouble(1)));
        Assert.Equal(AttributeValue.Of(["x"]), AttributeValue.Of(["x"]));
        Assert.Equal(AttributeValue.Of(new string('a', 3)).GetHashCode(), AttributeValue.Of("aaa").GetHashCode());
        Assert.NotEqual(AttributeValue.None, AttributeValue.Of(string.Empty));
    }
}
