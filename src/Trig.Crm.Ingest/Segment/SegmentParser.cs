using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store.Ingest;

namespace Trig.Crm.Ingest.Segment;

/// <summary>
/// Parses and validates Segment HTTP tracking API bodies (identify, group, track, batch). Any invalid message fails
/// the whole call with the field that is wrong; page, screen and alias messages are accepted and ignored.
/// Traits are typed by the schema's declarations (lossless conversions only), else by their JSON type.
/// </summary>
public sealed class SegmentParser(AttributeSchema schema, int maxMessageBytes)
{
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal) { "page", "screen", "alias" };

    public sealed record Result(List<IngestMessage> Messages, int Ignored, IngestError? Error);

    public Result ParseSingle(IngestType type, ReadOnlyMemory<byte> body, DateTimeOffset receivedAt)
    {
        if (body.Length > maxMessageBytes)
        {
            return Fail(new IngestError("message", $"the message is {body.Length} bytes; the limit is {maxMessageBytes}"));
        }

        using var doc = TryParse(body, out var error);
        if (doc is null)
        {
            return Fail(error!);
        }

        var messages = new List<IngestMessage>(1);
        var err = ParseMessage(doc.RootElement, type, "", null, null, receivedAt, messages);
        return err is null ? new Result(messages, 0, null) : Fail(err);
    }

    public Result ParseBatch(ReadOnlyMemory<byte> body, DateTimeOffset receivedAt)
    {
        using var doc = TryParse(body, out var error);
        if (doc is null)
        {
            return Fail(error!);
        }

        if (BatchArray(doc.RootElement, out var batch, out var sharedContext) is { } bad)
        {
            return Fail(bad);
        }

        var messages = new List<IngestMessage>(batch.GetArrayLength());
        var ignored = 0;
        var i = 0;
        foreach (var item in batch.EnumerateArray())
        {
            if (ParseItem(item, i, sharedContext, receivedAt, messages, ref ignored) is { } err)
            {
                return Fail(err);
            }

            i++;
        }

        return new Result(messages, ignored, null);
    }

    private static IngestError? BatchArray(JsonElement root, out JsonElement batch, out JsonElement? sharedContext)
    {
        batch = default;
        sharedContext = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new IngestError("", "the body must be a JSON object with a batch array");
        }

        if (!root.TryGetProperty("batch", out batch) || batch.ValueKind != JsonValueKind.Array)
        {
            return new IngestError("batch", "batch must be an array of messages");
        }

        if (root.TryGetProperty("context", out var ctx) && ctx.ValueKind == JsonValueKind.Object)
        {
            sharedContext = ctx;
            return JsonText.Invalid(ctx, "context", null);
        }

        return null;
    }

    /// <summary>One batch item: within Segment's per-message limit, of a known type; page, screen, alias are counted and skipped.</summary>
    private IngestError? ParseItem(JsonElement item, int i, JsonElement? sharedContext, DateTimeOffset receivedAt, List<IngestMessage> into, ref int ignored)
    {
        var path = $"batch[{i}]";
        if (item.ValueKind != JsonValueKind.Object)
        {
            return new IngestError(path, "each batch item must be an object", i);
        }

        var size = JsonMarshal.GetRawUtf8Value(item).Length;
        if (size > maxMessageBytes)
        {
            return new IngestError(path, $"the message is {size} bytes; the limit is {maxMessageBytes}", i);
        }

        if (!item.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String)
        {
            return new IngestError(path + ".type", "type must be identify, group, track, page, screen or alias", i);
        }

        if (JsonText.Invalid(t, path + ".type", i) is { } badType)
        {
            return badType;
        }

        var typeName = t.GetString()!;
        IngestType? type = typeName switch
        {
            "identify" => IngestType.Identify,
            "group" => IngestType.Group,
            "track" => IngestType.Track,
            _ => null,
        };
        if (type is null)
        {
            if (Ignored.Contains(typeName))
            {
                ignored++;
                return null;
            }

            return new IngestError(path + ".type", $"unknown type '{typeName}' (identify, group, track, page, screen or alias)", i);
        }

        return ParseMessage(item, type.Value, path + ".", i, sharedContext, receivedAt, into);
    }

    private static Result Fail(IngestError error) => new([], 0, error);

    private static JsonDocument? TryParse(ReadOnlyMemory<byte> body, out IngestError? error)
    {
        error = null;
        try
        {
            return JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            error = new IngestError("", "the body is not valid JSON: " + ex.Message);
            return null;
        }
    }

    private IngestError? ParseMessage(JsonElement m, IngestType type, string path, int? index, JsonElement? sharedContext, DateTimeOffset receivedAt, List<IngestMessage> into)
    {
        if (m.ValueKind != JsonValueKind.Object)
        {
            return new IngestError(path.TrimEnd('.') is { Length: > 0 } p ? p : "", "the message must be a JSON object", index);
        }

        // Checked first, once, so that no later GetString on this message can throw (a 500) on hostile text.
        if (JsonText.Invalid(m, path.TrimEnd('.'), index) is { } e0)
        {
            return e0;
        }

        if (Identities(m, path, index, out var userId, out var anonymousId) is { } e1)
        {
            return e1;
        }

        if (Context(m, path, index, sharedContext, out var context) is { } e2)
        {
            return e2;
        }

        if (GroupId(m, type, context, path, index, out var groupId) is { } e3)
        {
            return e3;
        }

        if (Track(m, type, path, index, out var eventName, out var properties) is { } e4)
        {
            return e4;
        }

        if (Traits(m, type, path, index, out var traits) is { } e5)
        {
            return e5;
        }

        if (Timestamp(m, path, index, receivedAt, out var timestamp) is { } e6)
        {
            return e6;
        }

        if (MessageId(m, path, index, out var messageId) is { } e7)
        {
            return e7;
        }

        into.Add(new IngestMessage(type, messageId, userId, anonymousId, groupId, eventName, traits, properties, timestamp, receivedAt));
        return null;
    }

    private static IngestError? Identities(JsonElement m, string path, int? index, out string? userId, out string? anonymousId)
    {
        anonymousId = null;
        if (Id(m, "userId", path, index, out userId) is { } e1)
        {
            return e1;
        }

        if (Id(m, "anonymousId", path, index, out anonymousId) is { } e2)
        {
            return e2;
        }

        return userId is null && anonymousId is null ? new IngestError(path + "userId", "userId or anonymousId is required", index) : null;
    }

    /// <summary>The message's own context, else the batch's shared one.</summary>
    private static IngestError? Context(JsonElement m, string path, int? index, JsonElement? sharedContext, out JsonElement? context)
    {
        context = sharedContext;
        if (!m.TryGetProperty("context", out var ctx) || ctx.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (ctx.ValueKind != JsonValueKind.Object)
        {
            return new IngestError(path + "context", "context must be an object", index);
        }

        context = ctx;
        return null;
    }

    /// <summary>group messages must name the group; others may carry it in context.groupId.</summary>
    private static IngestError? GroupId(JsonElement m, IngestType type, JsonElement? context, string path, int? index, out string? groupId)
    {
        groupId = null;
        if (type == IngestType.Group)
        {
            return Id(m, "groupId", path, index, out groupId)
                ?? (groupId is null ? new IngestError(path + "groupId", "groupId is required for group", index) : null);
        }

        if (context is { } c && c.TryGetProperty("groupId", out var cg) && cg.ValueKind != JsonValueKind.Null)
        {
            return Id(c, "groupId", path + "context.", index, out groupId);
        }

        return null;
    }

    private static IngestError? Track(JsonElement m, IngestType type, string path, int? index, out string? eventName, out string? properties)
    {
        eventName = null;
        properties = null;
        if (type != IngestType.Track)
        {
            return null;
        }

        if (!m.TryGetProperty("event", out var ev) || ev.ValueKind == JsonValueKind.Null)
        {
            return new IngestError(path + "event", "event is required for track", index);
        }

        if (ev.ValueKind != JsonValueKind.String || ev.GetString()!.Trim().Length == 0)
        {
            return new IngestError(path + "event", "event must be a non-empty string", index);
        }

        eventName = ev.GetString()!.Trim();
        if (m.TryGetProperty("properties", out var props) && props.ValueKind != JsonValueKind.Null)
        {
            if (props.ValueKind != JsonValueKind.Object)
            {
                return new IngestError(path + "properties", "properties must be an object", index);
            }

            properties = props.GetRawText();
        }

        return null;
    }

    /// <summary>Traits (identify, group) typed by the schema's declarations through the one <see cref="AttributeTyper"/>.</summary>
    private IngestError? Traits(JsonElement m, IngestType type, string path, int? index, out Dictionary<string, AttributeValue>? traits)
    {
        traits = null;
        if (type == IngestType.Track || !m.TryGetProperty("traits", out var tr) || tr.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (tr.ValueKind != JsonValueKind.Object)
        {
            return new IngestError(path + "traits", "traits must be an object", index);
        }

        traits = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        var declared = schema.For(type == IngestType.Group ? EntityKind.Organisation : EntityKind.Person);
        foreach (var p in tr.EnumerateObject())
        {
            if (p.Name.Length == 0)
            {
                return new IngestError(path + "traits", "a trait name is empty", index);
            }

            var kind = declared.TryGetValue(p.Name, out var k) ? k : ValueKind.None;
            if (!AttributeTyper.TryType(AttributeTyper.Raw.FromJson(p.Value), kind, out var value, out var why))
            {
                var declaredAs = kind == ValueKind.None ? "" : $"declared {kind.ToString().ToLowerInvariant()}, but ";
                return new IngestError($"{path}traits.{p.Name}", $"{declaredAs}{p.Value.GetRawText()} is {why}", index);
            }

            traits[p.Name] = value;
        }

        return null;
    }

    /// <summary>Strict ISO 8601 only (no US dates, prose or bare times); absent, the time it was received.</summary>
    private static IngestError? Timestamp(JsonElement m, string path, int? index, DateTimeOffset receivedAt, out DateTimeOffset timestamp)
    {
        timestamp = receivedAt;
        if (!m.TryGetProperty("timestamp", out var ts) || ts.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return ts.ValueKind == JsonValueKind.String && AttributeTyper.TryParseIso8601(ts.GetString(), out timestamp)
            ? null
            : new IngestError(path + "timestamp", "timestamp must be an ISO 8601 date-time string", index);
    }

    private static IngestError? MessageId(JsonElement m, string path, int? index, out string messageId)
    {
        if (m.TryGetProperty("messageId", out var mid) && mid.ValueKind != JsonValueKind.Null)
        {
            messageId = mid.ValueKind == JsonValueKind.String ? mid.GetString()! : "";
            return messageId.Length == 0 ? new IngestError(path + "messageId", "messageId must be a non-empty string", index) : null;
        }

        // No messageId: the content's hash, so a client resending the same payload is still deduplicated.
        messageId = "trig-" + Convert.ToHexStringLower(SHA256.HashData(JsonMarshal.GetRawUtf8Value(m)))[..32];
        return null;
    }

    /// <summary>Ids may be strings or numbers (Segment libraries send both); anything else is refused.</summary>
    private static IngestError? Id(JsonElement m, string name, string path, int? index, out string? value)
    {
        value = null;
        if (!m.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        switch (v.ValueKind)
        {
            case JsonValueKind.String:
                var s = v.GetString()!.Trim();
                value = s.Length == 0 ? null : s;
                return null;
            case JsonValueKind.Number:
                value = v.GetRawText();
                return null;
            default:
                return new IngestError(path + name, $"{name} must be a string", index);
        }
    }
}
