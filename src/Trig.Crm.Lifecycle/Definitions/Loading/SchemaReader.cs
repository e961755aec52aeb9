using System.Collections.Immutable;
using Trig.Crm.Lifecycle.Model;
using YamlDotNet.RepresentationModel;

namespace Trig.Crm.Lifecycle.Definitions.Loading;

/// <summary>Reads <c>schema</c> sections (any file may hold one) into the attribute and event declarations.</summary>
internal sealed class SchemaReader(LoadDiagnostics diagnostics)
{
    private readonly Dictionary<string, ValueKind> _org = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ValueKind> _person = new(StringComparer.Ordinal);
    private readonly HashSet<string> _events = new(StringComparer.Ordinal);

    public void Read(YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            diagnostics.Error(node, "'schema' must be a mapping with organisation, person and events");
            return;
        }

        foreach (var (k, v) in map.Children)
        {
            var name = ((YamlScalarNode)k).Value;
            switch (name)
            {
                case "organisation" or "organization" or "person":
                    ReadAttributes(name, v);
                    break;
                case "events":
                    ReadEvents(v);
                    break;
                default:
                    diagnostics.Error(k, $"unknown key '{name}' in schema (expected organisation, person, events)");
                    break;
            }
        }
    }

    /// <summary>The declared schema, with <paramref name="rollupKeys"/> added as number attributes of organisations.</summary>
    public AttributeSchema Build(IEnumerable<string> rollupKeys)
    {
        var orgAttrs = new Dictionary<string, ValueKind>(_org, StringComparer.Ordinal);
        foreach (var key in rollupKeys)
        {
            orgAttrs[key] = ValueKind.Number;
        }

        return new AttributeSchema(orgAttrs.ToImmutableDictionary(), _person.ToImmutableDictionary(), _events.ToImmutableHashSet());
    }

    private void ReadAttributes(string name, YamlNode node)
    {
        if (node is not YamlMappingNode attrs)
        {
            diagnostics.Error(node, $"'{name}' must map attribute names to types");
            return;
        }

        foreach (var (ak, av) in attrs.Children)
        {
            var typeText = (av as YamlScalarNode)?.Value ?? "";
            ValueKind? t = typeText switch
            {
                "string" => ValueKind.String,
                "number" => ValueKind.Number,
                "bool" or "boolean" => ValueKind.Bool,
                "datetime" or "date" => ValueKind.DateTime,
                "list" => ValueKind.List,
                _ => null,
            };
            if (t is null)
            {
                diagnostics.Error(av, $"unknown attribute type '{typeText}' (use string, number, bool, datetime or list)");
                continue;
            }

            (name == "person" ? _person : _org)[((YamlScalarNode)ak).Value!] = t.Value;
        }
    }

    private void ReadEvents(YamlNode node)
    {
        if (node is not YamlSequenceNode evs)
        {
            diagnostics.Error(node, "'events' must be a list of event names");
            return;
        }

        foreach (var e in evs.Children.OfType<YamlScalarNode>())
        {
            _events.Add(e.Value!);
        }
    }
}
