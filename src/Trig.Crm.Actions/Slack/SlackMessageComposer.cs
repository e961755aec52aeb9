using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Trig.Crm.Lifecycle.Actions;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Actions.Slack;

/// <summary>
/// Turns a <see cref="SlackAction"/> into Slack text and Block Kit. Everything from definitions and CRM data is
/// escaped (<c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c>) first; only then are <c>&lt;@U…&gt;</c> mentions inserted, so data
/// can never forge a mention or a link.
/// </summary>
internal static partial class SlackMessageComposer
{
    public const int SectionTextLimit = 3000;
    public const int MessageTextLimit = 40_000;
    public const int ButtonUrlLimit = 3000;
    public const string ButtonText = "Open in CRM";

    [GeneratedRegex(@"@\{\s*([^{}]+?)\s*\}", RegexOptions.CultureInvariant)]
    private static partial Regex MentionPattern();

    /// <summary>The placeholder names written as <c>@{name}</c> (mentions) in the template.</summary>
    public static IReadOnlyList<string> MentionNames(string template) =>
        MentionPattern().Matches(template).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Renders the template: placeholders filled (missing → empty), everything escaped, and each <c>@{x_email}</c>
    /// replaced by <c>&lt;@U…&gt;</c> when <paramref name="userIds"/> maps the email to a user, else by the plain email.
    /// </summary>
    public static string RenderText(string template, EntitySnapshot entity, EntitySnapshot? organisation, IReadOnlyDictionary<string, string?> userIds)
    {
        var sb = new StringBuilder(template.Length + 64);
        var last = 0;
        foreach (Match m in MentionPattern().Matches(template))
        {
            sb.Append(RenderLiteral(template[last..m.Index], entity, organisation));
            var value = Placeholders.Lookup(m.Groups[1].Value, entity, organisation);
            if (!string.IsNullOrEmpty(value))
            {
                if (userIds.TryGetValue(value, out var userId) && userId is not null)
                {
                    sb.Append("<@").Append(userId).Append('>');
                }
                else
                {
                    sb.Append(SlackText.Escape(value));
                }
            }

            last = m.Index + m.Length;
        }

        sb.Append(RenderLiteral(template[last..], entity, organisation));
        return sb.ToString();
    }

    /// <summary>What happened, for people: <c>*Acme* · entered *First Strike Moment*</c> (escaped mrkdwn).</summary>
    public static string Headline(ActionContext context)
    {
        var item = context.Item;
        var who = SlackText.Escape(context.Entity.DisplayName);
        var sb = new StringBuilder().Append('*').Append(who).Append('*');
        if (context.Entity.Kind == EntityKind.Person && context.Organisation is { } org)
        {
            sb.Append(" (").Append(SlackText.Escape(org.DisplayName)).Append(')');
        }

        var definition = SlackText.Escape(item.DefinitionName);
        var verb = item.Transition switch
        {
            "entered" => "entered",
            "completed" => "completed",
            "exited" => "exited",
            "follow_up" => "follow-up in",
            _ => SlackText.Escape(item.Transition),
        };
        sb.Append(" · ").Append(verb).Append(" *").Append(definition).Append('*');
        return sb.ToString();
    }

    /// <summary>Up to four <c>name: value</c> pairs from the configured attribute list, entity first then organisation.</summary>
    public static string? AttributeLine(ActionContext context, IEnumerable<string> names)
    {
        var parts = new List<string>(4);
        foreach (var name in names)
        {
            var value = Value(context.Entity, name) ?? (context.Organisation is { } org ? Value(org, name) : null);
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add($"{SlackText.Escape(name)}: {SlackText.Escape(value)}");
                if (parts.Count == 4)
                {
                    break;
                }
            }
        }

        return parts.Count == 0 ? null : string.Join(" · ", parts);
    }

    /// <summary>The record link for the button: the entity's, else its organisation's; only absolute http(s) URLs within the limit.</summary>
    public static string? ButtonUrl(ActionContext context)
    {
        var url = context.Entity.RecordUrl;
        if (string.IsNullOrWhiteSpace(url))
        {
            url = context.Organisation?.RecordUrl;
        }

        return !string.IsNullOrWhiteSpace(url)
            && url.Length <= ButtonUrlLimit
            && Uri.TryCreate(url, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? url
            : null;
    }

    /// <summary>Section (the text), context (who/what/attributes) and, with a record URL, an "Open in CRM" button.</summary>
    public static JsonArray Blocks(string text, ActionContext context, IEnumerable<string> attributeNames)
    {
        var headline = Headline(context);
        var sectionText = string.IsNullOrWhiteSpace(text) ? headline : text;
        var blocks = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "section",
                ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = SlackText.Truncate(sectionText, SectionTextLimit) },
            },
        };

        var elements = new JsonArray { Mrkdwn(headline) };
        if (AttributeLine(context, attributeNames) is { } attributes)
        {
            elements.Add(Mrkdwn(attributes));
        }

        blocks.Add(new JsonObject { ["type"] = "context", ["elements"] = elements });

        if (ButtonUrl(context) is { } url)
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "actions",
                ["elements"] = new JsonArray
                {
                    new JsonObject
                    {
                        ["type"] = "button",
                        ["action_id"] = "open_in_crm",
                        ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = ButtonText },
                        ["url"] = url,
                    },
                },
            });
        }

        return blocks;
    }

    /// <summary>The notification fallback: the text, or the headline when the text renders empty.</summary>
    public static string FallbackText(string text, ActionContext context) =>
        SlackText.Truncate(string.IsNullOrWhiteSpace(text) ? Headline(context) : text, MessageTextLimit);

    private static JsonObject Mrkdwn(string text) =>
        new() { ["type"] = "mrkdwn", ["text"] = SlackText.Truncate(text, SectionTextLimit) };

    private static string RenderLiteral(string literal, EntitySnapshot entity, EntitySnapshot? organisation) =>
        literal.Length == 0 ? literal : Placeholders.Render(SlackText.Escape(literal), entity, organisation, SlackText.Escape);

    private static string? Value(EntitySnapshot entity, string name) =>
        entity.Attributes.TryGetValue(name, out var v) && !v.IsNone
            ? (v.Kind == ValueKind.Number ? v.AsNumber.ToString("#,0.##", CultureInfo.InvariantCulture) : v.ToString())
            : null;
}
