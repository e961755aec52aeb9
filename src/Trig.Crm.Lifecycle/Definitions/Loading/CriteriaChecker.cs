using System.Collections.Immutable;
using Trig.Crm.Lifecycle.Criteria;
using Trig.Crm.Lifecycle.Metadata;
using Trig.Crm.Lifecycle.Model;
using YamlDotNet.RepresentationModel;

namespace Trig.Crm.Lifecycle.Definitions.Loading;

/// <summary>Parses and checks criteria blocks against the schema and the definition keys.</summary>
internal sealed class CriteriaChecker(LoadDiagnostics diagnostics, AttributeSchema schema, DefinitionKeys keys)
{
    public AttributeSchema Schema => schema;

    public DefinitionKeys Keys => keys;

    public static bool Mentions(Criterion? c, string name) =>
        c is not null && Refs(c).Any(r => r.Name == name || (r is MetadataRef m && MetadataNames.LastEntered(m.DefinitionKey) == name && m.Field == MetadataField.LastEntered));

    public static IEnumerable<ValueRef> Refs(Criterion c) => c switch
    {
        AllOf a => a.Children.SelectMany(Refs),
        AnyOf a => a.Children.SelectMany(Refs),
        Compare x => [x.Left],
        InList x => [x.Left],
        Contains x => [x.Left],
        RelativeDate x => [x.Left],
        HasValue x => [x.Left],
        _ => [],
    };

    public Criterion? Criteria(YamlNode? node, EntityKind entity)
    {
        if (node is null)
        {
            return null;
        }

        return Block(node, entity);
    }

    private Criterion? Block(YamlNode node, EntityKind entity)
    {
        switch (node)
        {
            case YamlScalarNode s:
                return Condition(s, entity);
            case YamlSequenceNode seq:
                return new AllOf([.. seq.Children.Select(c => Block(c, entity)).OfType<Criterion>()], "all");
            case YamlMappingNode m:
                if (m.Children.Count != 1)
                {
                    diagnostics.Error(m, "a criteria block is 'all:' or 'any:' with a list of conditions");
                    return null;
                }

                var (k, v) = m.Children.First();
                var word = ((YamlScalarNode)k).Value;
                if (word is not ("all" or "any"))
                {
                    diagnostics.Error(k, $"unknown key '{word}' in criteria (use 'all' or 'any')");
                    return null;
                }

                var items = v is YamlSequenceNode list ? list.Children.ToList() : [v];
                var children = items.Select(c => Block(c, entity)).OfType<Criterion>().ToImmutableArray();
                return word == "all" ? new AllOf(children, "all") : new AnyOf(children, "any");
            default:
                return null;
        }
    }

    private Criterion? Condition(YamlScalarNode node, EntityKind entity)
    {
        var text = node.Value ?? "";
        Criterion c;
        try
        {
            c = ConditionParser.Parse(text);
        }
        catch (CriteriaSyntaxException ex)
        {
            diagnostics.Error(node, ex.Message, ex.Offset);
            return null;
        }

        return Check(c, node, entity) ? c : null;
    }

    private bool Check(Criterion c, YamlScalarNode node, EntityKind entity)
    {
        if (c is Occurred occ)
        {
            if (!schema.Events.Contains(occ.Event))
            {
                diagnostics.Error(node, $"unknown event '{occ.Event}' (declare it under schema.events)");
                return false;
            }

            return true;
        }

        var left = Refs(c).First();
        if (TypeOfLeft(left, node, entity) is not { } t)
        {
            return false;
        }

        var text = node.Value ?? "";
        var valueOffset = text.IndexOf(left.Name, StringComparison.Ordinal) + left.Name.Length;
        if (Mismatch(c, left, t) is { } mismatch)
        {
            diagnostics.Error(node, mismatch, Math.Max(0, valueOffset + 1));
            return false;
        }

        return true;
    }

    /// <summary>The type of the value a condition reads, or null (reported) when it names nothing readable.</summary>
    private ValueKind? TypeOfLeft(ValueRef left, YamlScalarNode node, EntityKind entity)
    {
        switch (left)
        {
            case MetadataRef m:
                return TypeOfMetadata(m, node, entity);
            case CurrentStageRef:
                return ValueKind.String;
            default:
                var type = schema.TypeOf(entity, left.Name) ?? Builtin(left.Name);
                if (type is null)
                {
                    diagnostics.Error(node, $"unknown attribute '{left.Name}' for {entity.ToString().ToLowerInvariant()} (declare it under schema.{entity.ToString().ToLowerInvariant()})");
                }

                return type;
        }
    }

    private ValueKind? TypeOfMetadata(MetadataRef m, YamlScalarNode node, EntityKind entity)
    {
        if (!keys.TryGet(m.DefinitionKey, out var target))
        {
            if (schema.TypeOf(entity, m.Name) is { } declared)
            {
                // A declared attribute that merely looks like metadata.
                return declared;
            }

            diagnostics.Error(node, $"unknown definition '{m.DefinitionKey}' in '{m.Name}'");
            return null;
        }

        if (target.Entity == EntityKind.Person && entity == EntityKind.Organisation)
        {
            diagnostics.Error(node, $"'{m.Name}' is person-level metadata; an organisation criterion cannot read it (use a rollup)");
            return null;
        }

        if (m.Field == MetadataField.LastCompleted && target.Kind is DefinitionKind.Cohort or DefinitionKind.Signal)
        {
            diagnostics.Error(node, $"a {target.Kind.ToString().ToLowerInvariant()} has no completion: '{m.Name}' is never set");
            return null;
        }

        if (m.Field == MetadataField.ObjectivesCompleted && target.Kind != DefinitionKind.Stage)
        {
            diagnostics.Error(node, $"'{m.Name}': '{m.DefinitionKey}' is not a stage");
            return null;
        }

        return m.Field switch
        {
            MetadataField.CurrentlyMemberOf => ValueKind.Bool,
            MetadataField.ObjectivesCompleted => ValueKind.Number,
            _ => ValueKind.DateTime,
        };
    }

    private static string? Mismatch(Criterion c, ValueRef left, ValueKind t) => c switch
    {
        Compare cmp when !Compatible(t, cmp.Right, cmp.Op) => $"type mismatch: '{left.Name}' is {Name(t)}, compared with {Name(cmp.Right.Kind)} '{cmp.Right}'",
        RelativeDate when t != ValueKind.DateTime => $"type mismatch: '{left.Name}' is {Name(t)}; relative dates need a datetime",
        Contains when t is not (ValueKind.String or ValueKind.List) => $"type mismatch: 'contains' needs a string or list, '{left.Name}' is {Name(t)}",
        InList when t is ValueKind.Bool or ValueKind.DateTime => $"type mismatch: 'in' needs a string or number, '{left.Name}' is {Name(t)}",
        InList il when t == ValueKind.Number && il.Values.Any(v => v.Kind != ValueKind.Number) => $"type mismatch: '{left.Name}' is number, the list has non-numbers",
        _ => null,
    };

    private static ValueKind? Builtin(string name) => name switch
    {
        "owner_email" => ValueKind.String,
        _ => null,
    };

    private static bool Compatible(ValueKind attr, AttributeValue literal, CompareOp op)
    {
        if (attr == literal.Kind)
        {
            return attr != ValueKind.Bool || op is CompareOp.Eq or CompareOp.Ne;
        }

        return attr switch
        {
            // Bare words that look like numbers/dates are fine as strings.
            ValueKind.String or ValueKind.List => literal.Kind is ValueKind.Number or ValueKind.DateTime or ValueKind.Bool,
            _ => false,
        };
    }

    private static string Name(ValueKind k) => k.ToString().ToLowerInvariant();
}
