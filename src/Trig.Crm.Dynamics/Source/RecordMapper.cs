using System.Text.Json;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.Dynamics.Source;

/// <summary>
/// Maps a Web API row to a <see cref="CrmRecord"/>: each configured column becomes an attribute of the same name,
/// typed by <see cref="DataverseOptions.ColumnTypes"/> when configured, else by its JSON type (numbers, booleans,
/// ISO 8601 datetimes, strings); null clears the attribute.
/// </summary>
internal sealed class RecordMapper(DataverseOptions options)
{
    private readonly string _org = options.Url!.TrimEnd('/');
    private readonly Dictionary<string, ColumnKind> _types = options.ColumnTypes
        .Select(p => (p.Key, Ok: ColumnKind.TryParse(p.Value, out var kind), kind))
        .Where(p => p.Ok)
        .ToDictionary(p => p.Key.ToLowerInvariant(), p => p.kind, StringComparer.OrdinalIgnoreCase);

    public static string? Id(JsonElement row, DataverseTable table) =>
        row.TryGetProperty(table.IdColumn, out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;

    public static bool IsDeleted(JsonElement row) =>
        row.TryGetProperty(ODataAnnotations.Context, out var context) && context.ValueKind == JsonValueKind.String
        && context.GetString()!.EndsWith(ODataAnnotations.DeletedEntity, StringComparison.Ordinal);

    /// <summary>The owner's id when the owner is a user (teams have no single person to notify).</summary>
    public static string? OwnerUserId(JsonElement row) =>
        Lookup(row, "_ownerid_value") is ("systemuser", var id) ? id : null;

    public static (string? LogicalName, string? Id) Lookup(JsonElement row, string column)
    {
        if (!row.TryGetProperty(column, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return (null, null);
        }

        var logical = row.TryGetProperty(column + ODataAnnotations.LookupLogicalName, out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null;
        return (logical, value.GetString());
    }

    public static DateTimeOffset? ModifiedOn(JsonElement row) =>
        row.TryGetProperty("modifiedon", out var m) && m.ValueKind == JsonValueKind.String && AttributeValue.TryParseDateTime(m.GetString()!, out var d) ? d : null;

    public CrmRecord Map(JsonElement row, DataverseTable table, IReadOnlyList<string> columns, string id, string? ownerEmail)
    {
        var attributes = new Dictionary<string, AttributeValue>(columns.Count, StringComparer.Ordinal);
        foreach (var column in columns)
        {
            // A column missing from the row (not a null) is not touched: attributes not mentioned keep their value.
            if (row.TryGetProperty(column, out var value) && ToValue(row, column, value) is { } typed)
            {
                attributes[column] = typed;
            }
        }

        string? organisationId = null;
        if (table.Kind == EntityKind.Person && Lookup(row, "_parentcustomerid_value") is ("account", var parent))
        {
            organisationId = parent;
        }

        return new CrmRecord(table.Kind, id, organisationId, attributes)
        {
            OwnerEmail = ownerEmail,
            RecordUrl = $"{_org}/main.aspx?pagetype=entityrecord&etn={table.LogicalName}&id={id}",
        };
    }

    /// <summary>
    /// Types a column with the shared <see cref="AttributeTyper"/>: as configured (a choice column configured as a
    /// label first takes its FormattedValue, Dataverse's own adaptation), else by its JSON type; a value that does
    /// not fit its configured type is inferred instead (a pull cannot refuse a CRM row). Null leaves the attribute
    /// alone: not even inference takes it (1e400).
    /// </summary>
    private AttributeValue? ToValue(JsonElement row, string column, JsonElement value)
    {
        var raw = AttributeTyper.Raw.FromJson(value);
        var kind = ValueKind.None;
        if (_types.TryGetValue(column, out var configured))
        {
            kind = configured.Label ? ValueKind.None : configured.Kind;
            if (configured.Label && value.ValueKind != JsonValueKind.Null
                && row.TryGetProperty(column + ODataAnnotations.FormattedValue, out var label) && label.ValueKind == JsonValueKind.String)
            {
                raw = AttributeTyper.Raw.OfString(label.GetString());
                kind = ValueKind.String;
            }
        }

        if (AttributeTyper.TryType(raw, kind, out var typed, out _) || AttributeTyper.TryType(raw, ValueKind.None, out typed, out _))
        {
            return typed;
        }

        return null;
    }
}
