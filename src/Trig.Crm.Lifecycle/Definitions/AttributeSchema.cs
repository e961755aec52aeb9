using System.Collections.Immutable;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Definitions;

/// <summary>
/// The declared attributes (with types) of organisations and people, and the declared events. Criteria may only
/// name declared attributes and events (plus roll-ups and metadata), so typos are caught by <c>trig validate</c>.
/// </summary>
public sealed record AttributeSchema(
    ImmutableDictionary<string, ValueKind> Organisation,
    ImmutableDictionary<string, ValueKind> Person,
    ImmutableHashSet<string> Events)
{
    public static AttributeSchema Empty { get; } = new(
        ImmutableDictionary<string, ValueKind>.Empty,
        ImmutableDictionary<string, ValueKind>.Empty,
        ImmutableHashSet<string>.Empty);

    public IReadOnlyDictionary<string, ValueKind> For(EntityKind kind) => kind == EntityKind.Organisation ? Organisation : Person;

    /// <summary>The type of an attribute as a criterion on <paramref name="kind"/> sees it (people fall back to their organisation).</summary>
    public ValueKind? TypeOf(EntityKind kind, string name)
    {
        if (For(kind).TryGetValue(name, out var t))
        {
            return t;
        }

        if (kind == EntityKind.Person && Organisation.TryGetValue(name, out var o))
        {
            return o;
        }

        return null;
    }
}
