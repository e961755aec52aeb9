using Microsoft.Extensions.Options;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store;
using Trig.Crm.Store.Insights;

namespace Trig.Crm.Engine.Insights;

/// <summary>The current members of a definition (a cohort, a signal, a stage…) with the attributes an admin picks.</summary>
internal sealed class CohortMembers(ITrigStore store, DefinitionCatalog catalog, IOptions<InsightsOptions> options)
{
    /// <summary>Shown when no attribute is picked: the entity's display name (or email for people).</summary>
    public static IReadOnlyList<string> DefaultAttributes(EntityKind kind) => kind == EntityKind.Organisation ? ["name"] : ["email"];

    public async Task<MembersPage> PageAsync(string key, IReadOnlyList<string>? attributes, int page, CancellationToken ct)
    {
        if (page < 1)
        {
            throw new InsightsRequestException("page must be 1 or more");
        }

        var (_, names) = Resolve(key, attributes);
        return await store.MembersAsync(key, names, page, options.Value.MembersPageSize, ct);
    }

    /// <summary>Writes every member as CSV (a header, then one row per member), page by page so memory stays flat.</summary>
    public async Task<int> WriteCsvAsync(string key, IReadOnlyList<string>? attributes, TextWriter writer, CancellationToken ct)
    {
        var (_, names) = Resolve(key, attributes);
        await writer.WriteLineAsync(CsvLine(["id", "entered_at", .. names]));
        var written = 0;
        for (var page = 1; ; page++)
        {
            var rows = await store.MembersAsync(key, names, page, 1000, ct);
            foreach (var m in rows.Rows)
            {
                await writer.WriteLineAsync(CsvLine([m.Id, Lifecycle.Model.AttributeValue.FormatDateTime(m.EnteredAt), .. names.Select(n => m.Attributes[n])]));
                written++;
            }

            if (rows.Rows.Count < 1000)
            {
                return written;
            }
        }
    }

    private (Definition Definition, IReadOnlyList<string> Attributes) Resolve(string key, IReadOnlyList<string>? attributes)
    {
        var set = InsightsDefinitions.Require(catalog);
        var d = InsightsDefinitions.Find(set, key);
        var names = attributes is { Count: > 0 } ? attributes.Select(a => a.Trim()).Where(a => a.Length > 0).Distinct(StringComparer.Ordinal).ToList() : [.. DefaultAttributes(d.Entity)];
        var declared = set.Schema.For(d.Entity);
        foreach (var n in names)
        {
            if (!declared.ContainsKey(n) && n is not ("name" or "email" or "owner_email"))
            {
                throw new InsightsRequestException($"unknown attribute '{n}' for {d.Entity.ToString().ToLowerInvariant()} (declared: {string.Join(", ", declared.Keys.Order(StringComparer.Ordinal))})");
            }
        }

        return (d, names);
    }

    /// <summary>
    /// One RFC 4180 line: a field with a comma, quote, or line break is quoted and its quotes doubled. Hand-written
    /// because the engine only writes a few columns; the CSV reader (Sep) lives with the importers.
    /// A field starting with = + - @ (other than a number) is prefixed with ' so a spreadsheet does not run it as a formula.
    /// </summary>
    internal static string CsvLine(IEnumerable<string?> fields) => string.Join(",", fields.Select(Field));

    private static string Field(string? value)
    {
        var v = value ?? "";
        if (v.Length > 0 && v[0] is '=' or '+' or '-' or '@' && !double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            v = "'" + v;
        }

        return v.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v;
    }
}
