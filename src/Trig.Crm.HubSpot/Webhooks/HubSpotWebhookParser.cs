using System.Globalization;
using System.Text.Json;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.HubSpot.Webhooks;

/// <summary>Parses HubSpot's webhook payload (a JSON array of events) and turns it into records to refresh or delete.</summary>
public static class HubSpotWebhookParser
{
    /// <summary>Parses the payload; malformed events (no eventId, objectId or subscriptionType) are skipped.</summary>
    /// <exception cref="JsonException">
    /// The body is not a JSON array, or a field holds a value no event can carry (text that is not valid UTF-8 or has a
    /// lone surrogate, an <c>occurredAt</c> outside the DateTimeOffset range); the message names the field and event index.
    /// </exception>
    public static IReadOnlyList<HubSpotWebhookEvent> Parse(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        using var document = JsonDocument.ParseValue(ref reader);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("A HubSpot webhook payload is a JSON array of events.");
        }

        var events = new List<HubSpotWebhookEvent>();
        var index = -1;
        foreach (var item in document.RootElement.EnumerateArray())
        {
            index++;
            if (item.ValueKind != JsonValueKind.Object
                || Long(item, "eventId", index) is not { } eventId
                || Text(item, "objectId", index) is not { Length: > 0 } objectId
                || Text(item, "subscriptionType", index) is not { Length: > 0 } subscriptionType)
            {
                continue;
            }

            var dot = subscriptionType.IndexOf('.', StringComparison.Ordinal);
            var objectName = dot > 0 ? subscriptionType[..dot] : subscriptionType;
            var action = dot > 0 ? subscriptionType[(dot + 1)..] : string.Empty;
            EntityKind? kind = objectName.ToLowerInvariant() switch
            {
                "company" => EntityKind.Organisation,
                "contact" => EntityKind.Person,
                _ => null,
            };

            events.Add(new HubSpotWebhookEvent(
                eventId,
                subscriptionType,
                objectId,
                OccurredAt(item, index),
                Long(item, "portalId", index),
                Long(item, "appId", index),
                Long(item, "subscriptionId", index),
                Long(item, "attemptNumber", index) is { } attempt ? (int)Math.Clamp(attempt, int.MinValue, int.MaxValue) : null,
                Text(item, "propertyName", index),
                Text(item, "propertyValue", index),
                Text(item, "changeSource", index))
            {
                Record = kind is { } k ? new CrmRecordRef(k, objectId) : null,
                IsDeletion = action.Equals("deletion", StringComparison.OrdinalIgnoreCase),
            });
        }

        return events;
    }

    /// <summary>
    /// A targeted pull for the events (deduplicated by record; deletions included, since a batch read of a deleted
    /// record finds it missing and deletes it). Null when no event names a tracked record.
    /// </summary>
    public static CrmPullRequest? ToPullRequest(IEnumerable<HubSpotWebhookEvent> events)
    {
        var refs = events.Where(e => e.Record is not null).Select(e => e.Record!).Distinct().ToList();
        return refs.Count == 0 ? null : new CrmPullRequest(Only: refs);
    }

    private static long? Long(JsonElement item, string name, int index)
    {
        if (!item.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var l) => l,
            JsonValueKind.String when long.TryParse(String(value, name, index), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
            _ => null,
        };
    }

    private static DateTimeOffset OccurredAt(JsonElement item, int index)
    {
        if (Long(item, "occurredAt", index) is not { } ms)
        {
            return default;
        }

        if (ms < DateTimeOffset.MinValue.ToUnixTimeMilliseconds() || ms > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            throw new JsonException($"occurredAt of event {index} is out of range: {ms} is not a Unix time in milliseconds between years 1 and 9999.");
        }

        return DateTimeOffset.FromUnixTimeMilliseconds(ms);
    }

    private static string? Text(JsonElement item, string name, int index)
    {
        if (!item.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => String(value, name, index),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
    }

    /// <summary>GetString, refusing text that is not valid UTF-8 or holds a lone surrogate (GetString throws on both).</summary>
    private static string String(JsonElement value, string name, int index)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            throw new JsonException($"{name} of event {index} is not valid text (invalid UTF-8 or a lone surrogate).", ex);
        }
    }
}
