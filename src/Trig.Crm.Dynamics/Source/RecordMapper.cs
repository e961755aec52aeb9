using System.Globalization;
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
            if (row.TryGetProperty(column, out var value))
            {
                attributes[column] = ToValue(row, column, value);
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

    private AttributeValue ToValue(JsonElement row, string column, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return AttributeValue.None;
        }

        if (_types.TryGetValue(column, out var configured))
        {
            if (configured.Label)
            {
                return row.TryGetProperty(column + ODataAnnotations.FormattedValue, out var label) && label.ValueKind == JsonValueKind.String
                    ? AttributeValue.Of(label.GetString()!)
                    : FromJson(value);
            }

            var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
            return AttributeValue.TryParse(text, configured.Kind, out var typed) ? typed : FromJson(value);
        }

        return FromJson(value);
    }

    private static AttributeValue FromJson(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.True:
                return AttributeValue.Of(true);
            case JsonValueKind.False:
                return AttributeValue.Of(false);
            case JsonValueKind.Number:
                return AttributeValue.Of(value.GetDouble());
            case JsonValueKind.String:
                var s = value.GetString()!;
                if (s.Length == 0)
                {
                    return AttributeValue.None;
                }

                return LooksLikeIsoDate(s) && AttributeValue.TryParseDateTime(s, out var d) ? AttributeValue.Of(d) : AttributeValue.Of(s);
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return AttributeValue.None;
            default:
                return AttributeValue.Of(value.GetRawText());
        }
    }

    // Dataverse sends datetimes as 2023-08-19T20:03:39Z and date-only columns as 2024-02-17; a string column such as
    // an account number must stay a string, so only that exact shape is read as a datetime.
    private static bool LooksLikeIsoDate(string s) =>
        s.Length >= 10 && s[4] == '-' && s[7] == '-' && char.IsAsciiDigit(s[0]) && char.IsAsciiDigit(s[5]) && char.IsAsciiDigit(s[8])
        && (s.Length == 10 || s[10] == 'T')
        && DateTime.TryParse(s[..10], CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
