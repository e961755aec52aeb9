using Microsoft.AspNetCore.Http.HttpResults;
using Trig.Crm.Engine.Authoring;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store;

namespace Trig.Crm.Worker.Endpoints;

/// <summary>
/// <c>GET /api/admin/schema</c>: the declared attributes and events (with where each is declared), and suggestions:
/// what the connectors and the ingest API stored that no schema declares, with the observed type and example values.
/// </summary>
internal static class SchemaReads
{
    private const int Examples = 3;

    internal sealed record DeclaredAttribute(string Entity, string Name, string Type, string Source);

    internal sealed record DeclaredEvent(string Name, string Source);

    internal sealed record SuggestedAttribute(string Entity, string Name, string ObservedType, long Entities, IReadOnlyList<string> Examples, string Accept);

    internal sealed record SuggestedEvent(string Name, long Count, string Accept);

    internal sealed record SchemaView(IReadOnlyList<DeclaredAttribute> Attributes, IReadOnlyList<DeclaredEvent> Events, IReadOnlyList<SuggestedAttribute> SuggestedAttributes, IReadOnlyList<SuggestedEvent> SuggestedEvents);

    public static async Task<Results<Ok<SchemaView>, ProblemHttpResult>> GetAsync(DefinitionCatalog catalog, ITrigStore store, CancellationToken ct)
    {
        var set = catalog.Current ?? await catalog.ReloadAsync(ct);
        if (set is null)
        {
            return TypedResults.Problem(title: "Definitions invalid", detail: catalog.LastErrors, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var authored = (await store.LoadAuthoredAsync(ct)).Entries.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        string Source(string key) => authored.Contains(key) ? "authored" : "provisioned";
        var attributes = new List<DeclaredAttribute>();
        foreach (var (entity, attrs) in new[] { ("organisation", set.Schema.Organisation), ("person", set.Schema.Person) })
        {
            attributes.AddRange(attrs.OrderBy(a => a.Key, StringComparer.Ordinal)
                .Select(a => new DeclaredAttribute(entity, a.Key, TypeName(a.Value), set.Rollups.Any(r => r.Key == a.Key) && entity == "organisation" ? "rollup" : Source($"schema.{entity}.{a.Key}"))));
        }

        var events = set.Schema.Events.Order(StringComparer.Ordinal).Select(e => new DeclaredEvent(e, Source($"schema.events.{e}"))).ToList();
        var observed = await store.ObservedAttributesAsync(Examples, ct);
        var suggested = observed
            .Where(o => !set.Schema.For(o.Entity).ContainsKey(o.Name))
            .Select(o => new SuggestedAttribute(EntityName(o.Entity), o.Name, TypeName(o.Type), o.Entities, o.Examples,
                $"POST /api/admin/schema/accept?entity={EntityName(o.Entity)}&name={Uri.EscapeDataString(o.Name)}"))
            .ToList();
        var suggestedEvents = (await store.ObservedEventsAsync(ct))
            .Where(e => !set.Schema.Events.Contains(e.Name))
            .Select(e => new SuggestedEvent(e.Name, e.Count, $"POST /api/admin/schema/accept?entity=events&name={Uri.EscapeDataString(e.Name)}"))
            .ToList();
        return TypedResults.Ok(new SchemaView(attributes, events, suggested, suggestedEvents));
    }

    /// <summary>The document that declares one suggestion (its observed type unless <paramref name="type"/> is given); null when nothing was observed.</summary>
    public static async Task<string?> AcceptDocumentAsync(string entity, string name, string? type, ITrigStore store, CancellationToken ct)
    {
        if (entity == "events")
        {
            return type is not null || (await store.ObservedEventsAsync(ct)).Any(e => e.Name == name) ? DefinitionDocument.SchemaEvent(name).Text : null;
        }

        var kind = entity switch { "organisation" or "organization" => EntityKind.Organisation, "person" => EntityKind.Person, _ => (EntityKind?)null };
        if (kind is null)
        {
            return null;
        }

        // An attribute stored with several types (a CSV column read as text once) is declared with the most common one.
        var seen = (await store.ObservedAttributesAsync(0, ct)).Where(o => o.Entity == kind && o.Name == name).MaxBy(o => o.Entities);
        var declared = type ?? (seen is null ? null : TypeName(seen.Type));
        return declared is null ? null : DefinitionDocument.SchemaAttribute(EntityName(kind.Value), name, declared).Text;
    }

    private static string EntityName(EntityKind kind) => kind == EntityKind.Organisation ? "organisation" : "person";

    private static string TypeName(ValueKind kind) => kind switch
    {
        ValueKind.Number => "number",
        ValueKind.Bool => "bool",
        ValueKind.DateTime => "datetime",
        ValueKind.List => "list",
        _ => "string",
    };
}
