using System.Text.Json;
using Trig.Crm.Lifecycle.Model;
using Raw = Trig.Crm.Lifecycle.Model.AttributeTyper.Raw;

namespace Trig.Crm.Lifecycle.Tests.Model;

public sealed class AttributeTyperTests
{
    private static readonly DateTimeOffset Nov30 = new(2026, 11, 30, 9, 30, 0, TimeSpan.Zero);

    private static AttributeValue Typed(Raw raw, ValueKind declared)
    {
        Assert.True(AttributeTyper.TryType(raw, declared, out var value, out var error), error);
        return value;
    }

    private static string Refused(Raw raw, ValueKind declared)
    {
        Assert.False(AttributeTyper.TryType(raw, declared, out _, out var error));
        return error!;
    }

    private static Raw Json(string json) => Raw.FromJson(JsonDocument.Parse(json).RootElement.Clone());

    [Fact]
    public void String_KeepsTextAsWritten_AndSpellsOutOtherScalars()
    {
        Assert.Equal(AttributeValue.Of("00123"), Typed(Raw.OfText("00123"), ValueKind.String));
        Assert.Equal(AttributeValue.Of("42"), Typed(Json("42"), ValueKind.String));
        Assert.Equal(AttributeValue.Of("true"), Typed(Raw.OfBool(true), ValueKind.String));
        Assert.Equal(AttributeValue.Of("2026-11-30T09:30:00.000Z"), Typed(Raw.OfDateTime(Nov30), ValueKind.String));
        Assert.Equal("a list, not a string", Refused(Json("[\"a\"]"), ValueKind.String));
    }

    [Theory]
    [InlineData("42", 42d)]
    [InlineData("-3.5", -3.5)]
    [InlineData("1e3", 1000d)]
    public void Number_ParsesInvariantText(string text, double expected)
    {
        Assert.Equal(AttributeValue.Of(expected), Typed(Raw.OfText(text), ValueKind.Number));
        Assert.Equal(AttributeValue.Of(expected), Typed(Raw.OfNumber(text), ValueKind.Number));
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    public void Number_NonFinite_IsRefused(string text)
    {
        Assert.Equal(AttributeTyper.NotFinite, Refused(Raw.OfText(text), ValueKind.Number));
        Assert.Equal(AttributeTyper.NotFinite, Refused(Raw.OfNumber(text), ValueKind.Number));
    }

    [Fact]
    public void Number_JsonOverflow_IsRefused_DeclaredOrNot()
    {
        Assert.Equal(AttributeTyper.NotFinite, Refused(Json("1e400"), ValueKind.Number));
        Assert.Equal(AttributeTyper.NotFinite, Refused(Json("1e400"), ValueKind.None));
        Assert.Equal(AttributeTyper.NotFinite, Refused(Raw.OfText("1e400"), ValueKind.None));
    }

    [Fact]
    public void Number_NotANumber_IsRefused()
    {
        Assert.Equal(AttributeTyper.NotANumber, Refused(Raw.OfText("ten"), ValueKind.Number));
        Assert.Equal(AttributeTyper.NotANumber, Refused(Raw.OfText("1,000"), ValueKind.Number));
        Assert.Equal(AttributeTyper.NotANumber, Refused(Raw.OfBool(true), ValueKind.Number));
    }

    [Fact]
    public void Bool_TrueOrFalseOnly()
    {
        Assert.Equal(AttributeValue.Of(true), Typed(Raw.OfText("TRUE"), ValueKind.Bool));
        Assert.Equal(AttributeValue.Of(false), Typed(Json("false"), ValueKind.Bool));
        Assert.Equal(AttributeTyper.NotABool, Refused(Raw.OfText("maybe"), ValueKind.Bool));
        Assert.Equal(AttributeTyper.NotABool, Refused(Json("1"), ValueKind.Bool));
    }

    [Theory]
    [InlineData("2026-11-30T09:30:00Z")]
    [InlineData("2026-11-30T10:30:00+01:00")]
    [InlineData("2026-11-30T09:30:00.000Z")]
    [InlineData("2026-11-30T09:30")]
    [InlineData("2026-11-30 09:30:00")]
    [InlineData("1796031000000")]
    public void DateTime_Iso8601OrEpochMs(string text) =>
        Assert.Equal(AttributeValue.Of(Nov30), Typed(Raw.OfText(text), ValueKind.DateTime));

    [Fact]
    public void DateTime_DateOnly_IsMidnightUtc_AndJsonIntegerIsEpochMs()
    {
        Assert.Equal(AttributeValue.Of(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero)), Typed(Raw.OfText("2026-11-30"), ValueKind.DateTime));
        Assert.Equal(AttributeValue.Of(Nov30), Typed(Json("1796031000000"), ValueKind.DateTime));
        Assert.Equal(AttributeValue.Of(Nov30), Typed(Raw.OfDateTime(Nov30), ValueKind.DateTime));
    }

    [Theory]
    [InlineData("11/30/2026")]
    [InlineData("30.11.2026")]
    [InlineData("Nov 30 2026")]
    [InlineData("last tuesday")]
    [InlineData("09:30")]
    [InlineData("2026-13-45")]
    [InlineData("-1796031000000")]
    public void DateTime_NotIsoNorEpochMs_IsRefused(string text) =>
        Assert.Equal(AttributeTyper.NotADateTime, Refused(Raw.OfText(text), ValueKind.DateTime));

    [Theory]
    [InlineData("253402300800000")]
    [InlineData("99999999999999999")]
    [InlineData("99999999999999999999999")]
    public void DateTime_EpochOverflow_IsOutOfRange(string text)
    {
        Assert.Equal(AttributeTyper.OutOfRange, Refused(Raw.OfText(text), ValueKind.DateTime));
        Assert.Equal(AttributeTyper.OutOfRange, Refused(Raw.OfNumber(text), ValueKind.DateTime));
    }

    [Fact]
    public void DateTime_IsoOverflowingDateTimeOffset_IsRefused() =>
        Assert.Equal(AttributeTyper.NotADateTime, Refused(Raw.OfText("9999-12-31T23:59:59-01:00"), ValueKind.DateTime));

    [Fact]
    public void List_SplitsTextOnSemicolons_KeepsJsonArrays()
    {
        Assert.Equal(AttributeValue.Of(["sso", "api"]), Typed(Raw.OfText("sso; api;"), ValueKind.List));
        Assert.Equal(AttributeValue.Of(["a", "1"]), Typed(Json("[\"a\",1]"), ValueKind.List));
        Assert.Equal("not a list", Refused(Json("3"), ValueKind.List));
    }

    [Fact]
    public void Undeclared_UntypedText_IsInferred()
    {
        Assert.Equal(AttributeValue.Of(4.5), Typed(Raw.OfText("4.5"), ValueKind.None));
        Assert.Equal(AttributeValue.Of(true), Typed(Raw.OfText("True"), ValueKind.None));
        Assert.Equal(AttributeValue.Of(Nov30), Typed(Raw.OfText("2026-11-30T09:30:00Z"), ValueKind.None));
        Assert.Equal(AttributeValue.Of("11/30/2026"), Typed(Raw.OfText("11/30/2026"), ValueKind.None));
        Assert.Equal(AttributeValue.Of("Infinity"), Typed(Raw.OfText("Infinity"), ValueKind.None)); // a name, not a number
        Assert.Equal(AttributeValue.Of("09:30"), Typed(Raw.OfText("09:30"), ValueKind.None));
    }

    [Fact]
    public void Undeclared_TypedValues_KeepTheirType_StringsBecomeDatesOnlyWhenIso()
    {
        Assert.Equal(AttributeValue.Of("02134"), Typed(Json("\"02134\""), ValueKind.None));
        Assert.Equal(AttributeValue.Of(Nov30), Typed(Json("\"2026-11-30T09:30:00Z\""), ValueKind.None));
        Assert.Equal(AttributeValue.Of(2134d), Typed(Json("2134"), ValueKind.None));
        Assert.Equal(AttributeValue.Of("{\"a\":1}"), Typed(Json("{\"a\":1}"), ValueKind.None));
    }

    [Fact]
    public void EmptyOrNull_IsNoValue_WhateverTheDeclaration()
    {
        foreach (var kind in Enum.GetValues<ValueKind>())
        {
            Assert.True(Typed(Raw.OfText(""), kind).IsNone);
            Assert.True(Typed(Json("null"), kind).IsNone);
            Assert.True(Typed(Raw.OfText(null), kind).IsNone);
        }
    }
}
