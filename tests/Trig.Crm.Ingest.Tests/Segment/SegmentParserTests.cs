using System.Collections.Immutable;
using System.Text;
using Trig.Crm.Ingest.Segment;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store.Ingest;

namespace Trig.Crm.Ingest.Tests.Segment;

public sealed class SegmentParserTests
{
    private const int MessageLimit = 32 * 1024; // Segment's documented per-message limit

    private static readonly AttributeSchema Schema = new(
        ImmutableDictionary<string, ValueKind>.Empty.Add("seats", ValueKind.Number),
        ImmutableDictionary<string, ValueKind>.Empty.Add("renewal", ValueKind.DateTime).Add("logins", ValueKind.Number),
        ["login"]);

    private static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private static readonly SegmentParser Parser = new(Schema, MessageLimit);

    private static SegmentParser.Result Single(IngestType type, string json) => Parser.ParseSingle(type, Encoding.UTF8.GetBytes(json), Now);

    private static SegmentParser.Result Batch(string json) => Parser.ParseBatch(Encoding.UTF8.GetBytes(json), Now);

    private static IngestError Refused(SegmentParser.Result result)
    {
        Assert.Empty(result.Messages);
        return Assert.IsType<IngestError>(result.Error);
    }

    [Fact]
    public void Identify_Valid_TraitsTypedBySchema()
    {
        var r = Single(IngestType.Identify, """{"userId":"p1","traits":{"logins":"12","renewal":"2026-12-01","plan":"pro"},"timestamp":"2026-11-30T08:00:00Z"}""");

        Assert.Null(r.Error);
        var m = Assert.Single(r.Messages);
        Assert.Equal(AttributeValue.Of(12), m.Traits!["logins"]);
        Assert.Equal(AttributeValue.Of(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)), m.Traits["renewal"]);
        Assert.Equal(AttributeValue.Of("pro"), m.Traits["plan"]);
    }

    [Theory]
    [InlineData("identify", """{"userId":"p1","traits":{"name":"\ud800"}}""", "traits.name")]
    [InlineData("identify", """{"userId":"\udc00x"}""", "userId")]
    [InlineData("group", """{"userId":"p1","groupId":"o1","traits":{"tags":["ok","a\ud800b"]}}""", "traits.tags[1]")]
    [InlineData("group", """{"userId":"p1","groupId":"o1","traits":{"\ud800":1}}""", "traits")]
    [InlineData("track", """{"userId":"p1","event":"login","properties":{"plan":{"name":"\ud800"}}}""", "properties.plan.name")]
    [InlineData("track", """{"userId":"p1","event":"login","context":{"ip":"\udfff"}}""", "context.ip")]
    public void LoneSurrogate_AnyString_IsRefusedNamingTheField(string type, string json, string field)
    {
        var e = Refused(Single(Enum.Parse<IngestType>(type, ignoreCase: true), json));

        Assert.Equal(field, e.Field);
        Assert.Contains("lone surrogate", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoneSurrogate_InABatchItem_NamesTheItem()
    {
        var e = Refused(Batch("""{"batch":[{"type":"track","userId":"p1","event":"login"},{"type":"track","userId":"p1","event":"login","properties":{"x":"\ud800"}}]}"""));

        Assert.Equal("batch[1].properties.x", e.Field);
        Assert.Equal(1, e.Index);
    }

    [Fact]
    public void InvalidUtf8_InATrait_IsRefused()
    {
        var body = Encoding.UTF8.GetBytes("""{"userId":"p1","traits":{"name":"ab"}}""");
        var at = Array.IndexOf(body, (byte)'a', 30);
        body[at] = 0xC3; // a lead byte followed by ASCII: not UTF-8
        body[at + 1] = 0x28;

        var e = Refused(Parser.ParseSingle(IngestType.Identify, body, Now));

        Assert.Contains("traits", e.Field + e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"99999999999999999\"")]
    [InlineData("253402300800000")]
    public void EpochMsTrait_OverflowingDateTimeOffset_IsRefused(string value)
    {
        var e = Refused(Single(IngestType.Identify, """{"userId":"p1","traits":{"renewal":""" + value + "}}"));

        Assert.Equal("traits.renewal", e.Field);
        Assert.Contains(AttributeTyper.OutOfRange, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("score", "1e400")]
    [InlineData("logins", "-1e400")]
    [InlineData("logins", "\"NaN\"")]
    [InlineData("logins", "\"Infinity\"")]
    public void NonFiniteNumber_IsRefused(string trait, string value)
    {
        var e = Refused(Single(IngestType.Identify, $$"""{"userId":"p1","traits":{"{{trait}}":""" + value + "}}"));

        Assert.Equal("traits." + trait, e.Field);
        Assert.Contains(AttributeTyper.NotFinite, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("11/30/2026")]
    [InlineData("Nov 30, 2026")]
    [InlineData("09:30")]
    [InlineData("yesterday")]
    [InlineData("9999-12-31T23:59:59-01:00")]
    public void Timestamp_NotIso8601_IsRefused(string timestamp)
    {
        var e = Refused(Single(IngestType.Track, $$"""{"userId":"p1","event":"login","timestamp":"{{timestamp}}"}"""));

        Assert.Equal("timestamp", e.Field);
    }

    [Fact]
    public void Batch_OversizedSingleMessage_IsRefusedByIndex()
    {
        var big = new string('x', MessageLimit);
        var e = Refused(Batch($$"""{"batch":[{"type":"track","userId":"p1","event":"login"},{"type":"track","userId":"p1","event":"login","properties":{"blob":"{{big}}"}""" + "}]}"));

        Assert.Equal("batch[1]", e.Field);
        Assert.Equal(1, e.Index);
        Assert.Contains($"the limit is {MessageLimit}", e.Message, StringComparison.Ordinal);
    }

    // Found by the fuzz suite: a number too large for a double outside the traits (an id, a property, the type)
    // was accepted and kept as text.
    [Theory]
    [InlineData(IngestType.Group, """{"userId":"p1","groupId":1e400}""", "groupId")]
    [InlineData(IngestType.Identify, """{"userId":-1e400}""", "userId")]
    [InlineData(IngestType.Track, """{"userId":"p1","event":"login","properties":{"amount":1e400}}""", "properties.amount")]
    [InlineData(IngestType.Track, """{"type":-1e400,"userId":"p1","event":"login"}""", "type")]
    public void NonFiniteNumber_AnywhereInTheMessage_IsRefusedNamingTheField(IngestType type, string json, string field)
    {
        var e = Refused(Single(type, json));

        Assert.Equal(field, e.Field);
        Assert.Contains(AttributeTyper.NotFinite, e.Message, StringComparison.Ordinal);
    }
}
