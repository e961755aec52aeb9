using Trig.Crm.Engine.Definitions;
using Trig.Crm.Lifecycle.Definitions;

namespace Trig.Crm.Engine.Insights;

/// <summary>The definitions insights read, and the lookups every insight starts with.</summary>
internal static class InsightsDefinitions
{
    public static DefinitionSet Require(DefinitionCatalog catalog) =>
        catalog.Current ?? catalog.Reload() ?? throw new InvalidOperationException("definitions are invalid: " + catalog.LastErrors);

    /// <summary>The definition with that key and one of the kinds, or a not-found request error naming what exists.</summary>
    public static Definition Find(DefinitionSet set, string key, params DefinitionKind[] kinds)
    {
        if (set.ByKey.TryGetValue(key, out var d) && (kinds.Length == 0 || kinds.Contains(d.Kind)))
        {
            return d;
        }

        var what = kinds.Length == 0 ? "definition" : string.Join(" or ", kinds.Select(k => k.ToString().ToLowerInvariant()));
        var known = set.All.Where(x => kinds.Length == 0 || kinds.Contains(x.Kind)).Select(x => x.Key).Order(StringComparer.Ordinal).ToList();
        var hint = known.Count == 0 ? "" : $" (known: {string.Join(", ", known.Take(20))}{(known.Count > 20 ? ", …" : "")})";
        throw new InsightsRequestException($"no {what} '{key}'{hint}", notFound: true);
    }
}
