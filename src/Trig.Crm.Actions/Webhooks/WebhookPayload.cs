using System.Text.Json;
using Trig.Crm.Lifecycle.Actions;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Actions.Webhooks;

/// <summary>
/// Writes the webhook event body. The bytes are built once and both signed and sent, so the signature covers
/// exactly what the receiver reads. The body does not depend on the attempt, so every retry sends the same bytes.
/// </summary>
internal static class WebhookPayload
{
    public static byte[] Write(ActionContext context, WebhookAction action)
    {
        var item = context.Item;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("id", item.IdempotencyKey);
            w.WriteStartObject("definition");
            w.WriteString("key", item.DefinitionKey);
            w.WriteString("name", item.DefinitionName);
            w.WriteString("kind", item.DefinitionKind.ToString().ToLowerInvariant());
            w.WriteEndObject();
            w.WriteString("transition", item.Transition);
            w.WriteString("occurred_at", AttributeValue.FormatDateTime(item.OccurredAt));
            w.WriteStartObject("entity");
            w.WriteString("kind", item.EntityKind.ToString().ToLowerInvariant());
            w.WriteString("id", item.EntityId);
            var organisationId = context.Entity.OrganisationId ?? (item.EntityKind == EntityKind.Person ? context.Organisation?.Id : null);
            if (organisationId is null)
            {
                w.WriteNull("organisation_id");
            }
            else
            {
                w.WriteString("organisation_id", organisationId);
            }

            w.WriteEndObject();
            w.WriteStartObject("attributes");
            foreach (var name in action.Attributes.Distinct(StringComparer.Ordinal))
            {
                w.WritePropertyName(name);
                WriteValue(w, name, context);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteValue(Utf8JsonWriter w, string name, ActionContext context)
    {
        var value = Find(context.Entity, name) ?? (context.Organisation is { } org ? Find(org, name) : null);
        if (value is not { } v)
        {
            // Well-known names (owner_email, record_url, name…) that are not stored attributes.
            var text = Placeholders.Lookup(name, context.Entity, context.Organisation);
            if (text is null)
            {
                w.WriteNullValue();
            }
            else
            {
                w.WriteStringValue(text);
            }

            return;
        }

        switch (v.Kind)
        {
            case ValueKind.Number:
                var n = v.AsNumber;
                if (double.IsFinite(n))
                {
                    w.WriteNumberValue(n);
                }
                else
                {
                    w.WriteNullValue();
                }

                break;
            case ValueKind.Bool:
                w.WriteBooleanValue(v.AsBool);
                break;
            case ValueKind.List:
                w.WriteStartArray();
                foreach (var s in v.AsList)
                {
                    w.WriteStringValue(s);
                }

                w.WriteEndArray();
                break;
            default:
                w.WriteStringValue(v.ToString());
                break;
        }
    }

    private static AttributeValue? Find(EntitySnapshot entity, string name) =>
        entity.Attributes.TryGetValue(name, out var v) && !v.IsNone ? v : null;
}
