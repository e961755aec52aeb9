using System.Text;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Actions;

/// <summary>
/// Fills <c>{attribute}</c> placeholders from the entity, then its organisation. A missing value renders empty
/// (as the product docs say). <c>{{</c> and <c>}}</c> are literal braces.
/// </summary>
public static class Placeholders
{
    public static string Render(string template, EntitySnapshot entity, EntitySnapshot? organisation, Func<string, string>? escape = null)
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
                    var value = Lookup(name, entity, organisation) ?? string.Empty;
                    sb.Append(escape is null ? value : escape(value));
                    i = end;
                    continue;
                }
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>Looks a placeholder up: well-known names first, then attributes of the entity and its organisation.</summary>
    public static string? Lookup(string name, EntitySnapshot entity, EntitySnapshot? organisation)
    {
        switch (name)
        {
            case "id":
                return entity.Id;
            case "owner_email":
                return entity.OwnerEmail ?? organisation?.OwnerEmail ?? Attr(entity, name) ?? (organisation is null ? null : Attr(organisation, name));
            case "record_url":
                return entity.RecordUrl;
            case "name" when !entity.Attributes.ContainsKey("name"):
                return entity.DisplayName;
            case "organization_name" or "organisation_name":
                return (organisation ?? (entity.Kind == EntityKind.Organisation ? entity : null))?.DisplayName;
            default:
                break;
        }

        return Attr(entity, name) ?? (organisation is null ? null : Attr(organisation, name));
    }

    private static string? Attr(EntitySnapshot e, string name) =>
        e.Attributes.TryGetValue(name, out var v) && !v.IsNone ? v.ToString() : null;
}
