using System.Text;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Actions;

/// <summary>
/// Fills <c>{attribute}</c> placeholders from the definition's entity, then its organisation, then (for an
/// organisation-level email) the recipient person, for the names the first two lack. A missing value renders
/// empty (as the product docs say). <c>{{</c> and <c>}}</c> are literal braces.
/// </summary>
public static class Placeholders
{
    /// <param name="template">The text with placeholders.</param>
    /// <param name="entity">The definition's entity (the organisation of an organisation-level job).</param>
    /// <param name="organisation">The entity's organisation, when the entity is a person.</param>
    /// <param name="escape">Escapes each rendered value (Slack mrkdwn), or null.</param>
    /// <param name="recipient">The person an organisation-level email goes to: read last.</param>
    public static string Render(
        string template, EntitySnapshot entity, EntitySnapshot? organisation, Func<string, string>? escape = null, EntitySnapshot? recipient = null)
    {
        var sb = new StringBuilder(template.Length + 32);
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '{' && i + 1 < template.Length && template[i + 1] == '{')
            {
                sb.Append('{');
                i++;
                continue;
            }

            if (c == '}' && i + 1 < template.Length && template[i + 1] == '}')
            {
                sb.Append('}');
                i++;
                continue;
            }

            if (c == '{')
            {
                var end = template.IndexOf('}', i + 1);
                if (end > i)
                {
                    var name = template[(i + 1)..end].Trim();
                    var value = Lookup(name, entity, organisation, recipient) ?? string.Empty;
                    sb.Append(escape is null ? value : escape(value));
                    i = end;
                    continue;
                }
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>
    /// Looks a placeholder up: well-known names first, then attributes of the definition's entity, its organisation
    /// and, last, the recipient person. <c>{name}</c> is the entity's <c>name</c>, else its organisation's, else a
    /// display name (the organisation's when there is one): a person's own full name is <c>{first_name} {last_name}</c>.
    /// </summary>
    public static string? Lookup(string name, EntitySnapshot entity, EntitySnapshot? organisation, EntitySnapshot? recipient = null)
    {
        var org = organisation is not null && !ReferenceEquals(organisation, entity) ? organisation : null;
        switch (name)
        {
            case "id":
                return entity.Id;
            case "owner_email":
                return entity.OwnerEmail ?? org?.OwnerEmail ?? Attr(entity, name) ?? Attr(org, name);
            case "record_url":
                return entity.RecordUrl;
            case "name":
                return Attr(entity, name) ?? Attr(org, name) ?? (org ?? entity).DisplayName;
            case "organization_name" or "organisation_name":
                return (org ?? (entity.Kind == EntityKind.Organisation ? entity : null))?.DisplayName;
            default:
                break;
        }

        return Attr(entity, name) ?? Attr(org, name) ?? Attr(recipient, name);
    }

    private static string? Attr(EntitySnapshot? e, string name) =>
        e is not null && e.Attributes.TryGetValue(name, out var v) && !v.IsNone ? v.ToString() : null;
}
