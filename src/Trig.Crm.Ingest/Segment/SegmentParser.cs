using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store.Ingest;

using Trig.Crm.Ingest;
using Trig.Crm.Ingest.Identity;
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

        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            return Fail(new IngestError("", "the body must be a JSON object with a batch array"));
        }

        if (!doc.RootElement.TryGetProperty("batch", out var batch) || batch.ValueKind != JsonValueKind.Array)
        {
            return Fail(new IngestError("batch", "batch must be an array of messages"));
        }

        JsonElement? sharedContext = doc.RootElement.TryGetProperty("context", out var ctx) && ctx.ValueKind == JsonValueKind.Object ? ctx : null;
        var messages = new List<IngestMessage>(batch.GetArrayLength());
        var ignored = 0;
        var i = 0;
        foreach (var item in batch.EnumerateArray())
        {
            var path = $"batch[{i}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                return Fail(new IngestError(path, "each batch item must be an object", i));
            }

            var size = JsonMarshal.GetRawUtf8Value(item).Length;
            if (size > maxMessageBytes)
            {
                return Fail(new IngestError(path, $"the message is {size} bytes; the limit is {maxMessageBytes}", i));
            }

            if (!item.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String)
            {
                return Fail(new IngestError(path + ".type", "type must be identify, group, track, page, screen or alias", i));
            }

            var typeName = t.GetString()!;
            IngestType type;
            switch (typeName)
            {
                case "identify": type = IngestType.Identify; break;
                case "group": type = IngestType.Group; break;
                case "track": type = IngestType.Track; break;
                default:
                    if (Ignored.Contains(typeName))
                    {
                        ignored++;
                        i++;
                        continue;
                    }

                    return Fail(new IngestError(path + ".type", $"unknown type '{typeName}' (identify, group, track, page, screen or alias)", i));
            }

            var err = ParseMessage(item, type, path + ".", i, sharedContext, receivedAt, messages);
            if (err is not null)
            {
                return Fail(err);
            }

            i++;
        }

        return new Result(messages, ignored, null);
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

        if (Id(m, "userId", path, index, out var userId) is { } e1)
        {
            return e1;
        }

        if (Id(m, "anonymousId", path, index, out var anonymousId) is { } e2)
        {
            return e2;
        }

        if (userId is null && anonymousId is null)
        {
            return new IngestError(path + "userId", "userId or anonymousId is required", index);
        }

        JsonElement? context = sharedContext;
        if (m.TryGetProperty("context", out var ctx) && ctx.ValueKind != JsonValueKind.Null)
        {
            if (ctx.ValueKind != JsonValueKind.Object)
            {
                return new IngestError(path + "context", "context must be an object", index);
            }

            context = ctx;
        }

        string? groupId = null;
        if (type == IngestType.Group)
        {
            if (Id(m, "groupId", path, index, out groupId) is { } e3)
            {
                return e3;
            }

            if (groupId is null)
            {
                return new IngestError(path + "groupId", "groupId is required for group", index);
            }
        }
        else if (context is { } c && c.TryGetProperty("groupId", out var cg) && cg.ValueKind != JsonValueKind.Null)
        {
            if (Id(c, "groupId", path + "context.", index, out groupId) is { } e4)
            {
                return e4;
            }
        }

        string? eventName = null;
        string? properties = null;
        if (type == IngestType.Track)
        {
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
        }

        Dictionary<string, AttributeValue>? traits = null;
        if (type != IngestType.Track && m.TryGetProperty("traits", out var tr) && tr.ValueKind != JsonValueKind.Null)
        {
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

                if (!TryTrait(p.Value, declared.TryGetValue(p.Name, out var k) ? k : ValueKind.None, out var value, out var why))
                {
                    return new IngestError($"{path}traits.{p.Name}", why!, index);
                }

                traits[p.Name] = value;
            }
        }

        var timestamp = receivedAt;
        if (m.TryGetProperty("timestamp", out var ts) && ts.ValueKind != JsonValueKind.Null)
        {
            if (ts.ValueKind != JsonValueKind.String
                || !DateTimeOffset.TryParse(ts.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out timestamp))
            {
                return new IngestError(path + "timestamp", "timestamp must be an ISO 8601 date-time string", index);
            }
        }

        string messageId;
        if (m.TryGetProperty("messageId", out var mid) && mid.ValueKind != JsonValueKind.Null)
        {
            if (mid.ValueKind != JsonValueKind.String || mid.GetString()!.Length == 0)
            {
                return new IngestError(path + "messageId", "messageId must be a non-empty string", index);
            }

            messageId = mid.GetString()!;
        }
        else
        {
            // No messageId: the content's hash, so a client resending the same payload is still deduplicated.
            messageId = "trig-" + Convert.ToHexStringLower(SHA256.HashData(JsonMarshal.GetRawUtf8Value(m)))[..32];
        }

        into.Add(new IngestMessage(type, messageId, userId, anonymousId, groupId, eventName, traits, properties, timestamp, receivedAt));
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

    private static bool TryTrait(JsonElement v, ValueKind declared, out AttributeValue value, out string? why)
    {
        why = null;
        value = AttributeValue.None;
        switch (v.ValueKind)
        {
            case JsonValueKind.Null:
                return true;
            case JsonValueKind.String:
            {
                var s = v.GetString()!;
                if (declared == ValueKind.None)
                {
                    // Undeclared: keep the string, but ISO 8601 dates become datetimes so "within" criteria work.
                    var inferred = AttributeValue.Infer(s);
                    value = inferred.Kind == ValueKind.DateTime ? inferred : s.Length == 0 ? AttributeValue.None : AttributeValue.Of(s);
                    return true;
                }

                if (AttributeValue.TryParse(s, declared, out value))
                {
                    return true;
                }

                why = $"declared {declared.ToString().ToLowerInvariant()}, but the value is \"{s}\"";
                return false;
            }

            case JsonValueKind.Number:
                if (declared is ValueKind.None or ValueKind.Number)
                {
                    value = AttributeValue.Of(v.GetDouble());
                    return true;
                }

                if (declared is ValueKind.String)
                {
                    value = AttributeValue.Of(v.GetRawText());
                    return true;
                }

                why = $"declared {declared.ToString().ToLowerInvariant()}, but the value is the number {v.GetRawText()}";
                return false;
            case JsonValueKind.True or JsonValueKind.False:
                if (declared is ValueKind.None or ValueKind.Bool)
                {
                    value = AttributeValue.Of(v.GetBoolean());
                    return true;
                }

                if (declared is ValueKind.String)
                {
                    value = AttributeValue.Of(v.GetBoolean() ? "true" : "false");
                    return true;
                }

                why = $"declared {declared.ToString().ToLowerInvariant()}, but the value is {v.GetRawText()}";
                return false;
            case JsonValueKind.Array:
                if (declared is ValueKind.None or ValueKind.List)
                {
                    value = AttributeValue.Of(v.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : x.GetRawText()).ToArray());
                    return true;
                }

                why = $"declared {declared.ToString().ToLowerInvariant()}, but the value is an array";
                return false;
            default:
                if (declared is ValueKind.None or ValueKind.String)
                {
                    value = AttributeValue.Of(v.GetRawText());
                    return true;
                }

                why = $"declared {declared.ToString().ToLowerInvariant()}, but the value is an object";
                return false;
        }
    }
}
