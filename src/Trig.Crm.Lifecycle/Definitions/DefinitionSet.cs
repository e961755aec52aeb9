using System.Collections.Frozen;
using System.Collections.Immutable;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Definitions;

/// <summary>
/// A validated, immutable set of definitions, already in dependency order: a definition comes after every
/// definition whose metadata its criteria read, so one pass settles a chain.
/// </summary>
public sealed class DefinitionSet
{
    public DefinitionSet(
        ImmutableArray<Definition> ordered,
        ImmutableArray<Rollup> rollups,
        AttributeSchema schema,
        string version)
    {
        Ordered = ordered;
        Rollups = rollups;
        Schema = schema;
        Version = version;
        var all = new Dictionary<string, Definition>(StringComparer.Ordinal);
        foreach (var d in ordered)
        {
            all[d.Key] = d;
            foreach (var o in d.Objectives)
            {
                all[o.Key] = o;
            }
        }

        ByKey = all.ToFrozenDictionary(StringComparer.Ordinal);
        PersonLevel = [.. ordered.Where(d => d.Entity == EntityKind.Person)];
        var read = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in All)
        {
            foreach (var c in new[] { d.Audience, d.Completion, d.ExitWhen })
            {
                Collect(c, read);
            }

            if (d.Signal?.ArrAttribute is { } arr)
            {
                read.Add(arr);
            }
        }

        UsedRollups = [.. rollups.Where(r => read.Contains(r.Key))];
        OrganisationLevel = [.. ordered.Where(d => d.Entity == EntityKind.Organisation)];
    }

    public static DefinitionSet Empty { get; } = new([], [], AttributeSchema.Empty, "empty");

    /// <summary>Top-level definitions in dependency order (objectives are inside their stage).</summary>
    public ImmutableArray<Definition> Ordered { get; }

    public ImmutableArray<Definition> PersonLevel { get; }

    public ImmutableArray<Definition> OrganisationLevel { get; }

    public ImmutableArray<Rollup> Rollups { get; }

    /// <summary>The roll-ups some criterion of this set reads (a subset built for one purpose, e.g. cohorts only, needs just these).</summary>
    public ImmutableArray<Rollup> UsedRollups { get; }

    private static void Collect(Criteria.Criterion? c, HashSet<string> names)
    {
        switch (c)
        {
            case Criteria.AllOf a:
                foreach (var x in a.Children)
                {
                    Collect(x, names);
                }

                break;
            case Criteria.AnyOf a:
                foreach (var x in a.Children)
                {
                    Collect(x, names);
                }

                break;
            case Criteria.Compare x: names.Add(x.Left.Name); break;
            case Criteria.InList x: names.Add(x.Left.Name); break;
            case Criteria.Contains x: names.Add(x.Left.Name); break;
            case Criteria.RelativeDate x: names.Add(x.Left.Name); break;
            case Criteria.HasValue x: names.Add(x.Left.Name); break;
        }
    }

    public AttributeSchema Schema { get; }

    /// <summary>A hash over all files: changes when anything changes (triggers re-provisioning).</summary>
    public string Version { get; }

    /// <summary>Every definition by key, objectives included.</summary>
    public FrozenDictionary<string, Definition> ByKey { get; }

    /// <summary>Every definition, objectives included, in order.</summary>
    public IEnumerable<Definition> All => Ordered.SelectMany(d => d.Kind == DefinitionKind.Stage ? [d, .. d.Objectives] : new[] { d });
}
