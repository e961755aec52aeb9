using System.Collections.Immutable;
using Trig.Crm.Lifecycle.Actions;
using Trig.Crm.Lifecycle.Model;
using YamlDotNet.RepresentationModel;

namespace Trig.Crm.Lifecycle.Definitions.Loading;

/// <summary>Reads <c>on_entry</c>/<c>on_complete</c>/<c>on_exit</c> and follow-up action lists.</summary>
internal sealed class ActionsReader(LoadDiagnostics diagnostics, CriteriaChecker checker)
{
    /// <summary>Reads one action or a list of them; an invalid action is reported and left out.</summary>
    public ImmutableArray<ActionSpec> Read(YamlNode? node, EntityKind entity)
    {
        if (node is null)
        {
            return [];
        }

        var items = node is YamlSequenceNode seq ? seq.Children.ToList() : [node];
        var list = ImmutableArray.CreateBuilder<ActionSpec>();
        foreach (var item in items)
        {
            if (item is not YamlMappingNode m || m.Children.Count != 1)
            {
                diagnostics.Error(item, "an action is a mapping with one of: slack, webhook, email, update_attribute, route_to");
                continue;
            }

            var (kn, body) = m.Children.First();
            if (ReadAction((YamlScalarNode)kn, body, entity) is { } action)
            {
                list.Add(action);
            }
        }

        return list.ToImmutable();
    }

    private ActionSpec? ReadAction(YamlScalarNode kindNode, YamlNode body, EntityKind entity)
    {
        var fields = body as YamlMappingNode;
        switch (kindNode.Value)
        {
            case "slack":
                return Slack(kindNode, fields);
            case "webhook":
                return Webhook(kindNode, body, fields);
            case "email":
                return Email(kindNode, fields, entity);
            case "update_attribute":
                return UpdateAttribute(kindNode, fields, entity);
            case "route_to":
                return RouteTo(body, fields, entity);
            default:
                diagnostics.Error(kindNode, $"unknown action '{kindNode.Value}' (use slack, webhook, email, update_attribute or route_to)");
                return null;
        }
    }

    private SlackAction? Slack(YamlScalarNode kindNode, YamlMappingNode? fields)
    {
        Allow(kindNode, fields, "channel", "to", "text");
        if (Field(fields, "text") is not { } text || (Field(fields, "channel") is null && Field(fields, "to") is null))
        {
            diagnostics.Error(kindNode, "a slack action needs 'text' and a 'channel' or 'to: owner'");
            return null;
        }

        if (Field(fields, "to") is { } to && to != "owner")
        {
            diagnostics.Error(YamlNodes.Child(fields!, "to"), $"unknown slack recipient '{to}' (use 'owner', or set 'channel')");
        }

        return new SlackAction(Field(fields, "channel"), Field(fields, "to"), text);
    }

    private WebhookAction? Webhook(YamlScalarNode kindNode, YamlNode body, YamlMappingNode? fields)
    {
        Allow(kindNode, fields, "url", "secret", "attributes");
        var url = Field(fields, "url") ?? (body as YamlScalarNode)?.Value;
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var u) || (u.Scheme != "https" && u.Scheme != "http"))
        {
            diagnostics.Error(body, "a webhook action needs an absolute http(s) 'url'");
            return null;
        }

        var attrs = fields is not null && YamlNodes.Child(fields, "attributes") is YamlSequenceNode an
            ? an.Children.OfType<YamlScalarNode>().Select(s => s.Value!).ToList()
            : [];
        return new WebhookAction(url, Field(fields, "secret"), attrs);
    }

    private EmailAction? Email(YamlScalarNode kindNode, YamlMappingNode? fields, EntityKind entity)
    {
        Allow(kindNode, fields, "subject", "body", "to");
        if (Field(fields, "subject") is not { } subject || Field(fields, "body") is not { } emailBody)
        {
            diagnostics.Error(kindNode, "an email action needs 'subject' and 'body'");
            return null;
        }

        string? filterText = null;
        if (fields is not null && YamlNodes.Child(fields, "to") is { } toNode)
        {
            if (entity != EntityKind.Organisation)
            {
                diagnostics.Error(toNode, "'to' (a recipient filter) only applies to organisation-level emails");
            }
            else
            {
                checker.Criteria(toNode, EntityKind.Person);
                // Stored as one condition per line; the dispatcher parses it with ConditionParser.
                filterText = toNode is YamlSequenceNode fs ? string.Join('\n', fs.Children.OfType<YamlScalarNode>().Select(x => x.Value)) : YamlNodes.FlatText(toNode);
            }
        }

        return new EmailAction(subject, emailBody, filterText);
    }

    private UpdateAttributeAction? UpdateAttribute(YamlScalarNode kindNode, YamlMappingNode? fields, EntityKind entity)
    {
        Allow(kindNode, fields, "attribute", "value");
        if (Field(fields, "attribute") is not { } attr || fields is null || YamlNodes.Child(fields, "value") is not YamlScalarNode valueNode)
        {
            diagnostics.Error(kindNode, "an update_attribute action needs 'attribute' and 'value'");
            return null;
        }

        // A literal that cannot be the declared type would otherwise clear the attribute at run time.
        if (checker.Schema.TypeOf(entity, attr) is { } declared && valueNode.Value is { } literal
            && !literal.Contains('{', StringComparison.Ordinal) && !AttributeValue.TryParse(literal, declared, out _))
        {
            diagnostics.Error(valueNode, $"type mismatch: '{attr}' is {declared.ToString().ToLowerInvariant()}, value '{literal}' is not");
            return null;
        }

        return new UpdateAttributeAction(attr, valueNode.Value ?? "");
    }

    private RouteToAction? RouteTo(YamlNode body, YamlMappingNode? fields, EntityKind entity)
    {
        var job = (body as YamlScalarNode)?.Value ?? Field(fields, "job");
        if (job is null)
        {
            diagnostics.Error(body, "route_to needs a job key");
            return null;
        }

        if (!checker.Keys.IsJob(job))
        {
            diagnostics.Error(body, $"route_to: unknown job '{job}'");
        }
        else if (checker.Keys.EntityOf(job) != entity)
        {
            // The evaluator can only route an entity into a job of its own kind.
            diagnostics.Error(body, $"route_to: job '{job}' is {checker.Keys.EntityOf(job).ToString().ToLowerInvariant()}-level, this definition is {entity.ToString().ToLowerInvariant()}-level");
        }

        return new RouteToAction(job);
    }

    private void Allow(YamlScalarNode kindNode, YamlMappingNode? fields, params string[] names)
    {
        if (fields is null)
        {
            return;
        }

        foreach (var (fk, _) in fields.Children)
        {
            if (!names.Contains(((YamlScalarNode)fk).Value))
            {
                diagnostics.Error(fk, $"unknown key '{((YamlScalarNode)fk).Value}' in {kindNode.Value} action (allowed: {string.Join(", ", names)})");
            }
        }
    }

    private static string? Field(YamlMappingNode? fields, string name) => fields is null ? null : YamlNodes.Scalar(fields, name);
}
