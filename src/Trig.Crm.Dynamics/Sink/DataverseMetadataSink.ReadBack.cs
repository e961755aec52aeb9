using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Trig.Crm.Dynamics.Source;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.Dynamics.Sink;

/// <summary>
/// Reads Trig's columns back for a push a crash left unconfirmed: per table, <c>GET {set}?$select={id},{columns}&amp;$filter={id} eq …
/// or …</c> for <see cref="ReadBackChunk"/> records at a time, following <c>@odata.nextLink</c>. Each request goes through
/// the same HttpClient as the writes, so the token, the service-protection gate and the shared budget apply to it.
/// </summary>
public sealed partial class DataverseMetadataSink : ICrmMetadataReader
{
    /// <summary>
    /// Records per read. Each id adds about 60 characters to the URL once escaped, so 50 keep the query near 3 KB plus
    /// the column list: well under Dataverse's 32 KB URL limit and under the 8 KB proxies commonly allow.
    /// </summary>
    internal const int ReadBackChunk = 50;

    public async Task<IReadOnlyList<MetadataChange>> ReadAsync(IReadOnlyList<MetadataChange> wanted, CancellationToken cancellationToken)
    {
        var held = new List<MetadataChange>();
        foreach (var byKind in wanted.GroupBy(c => c.Kind))
        {
            var table = DataverseTable.Of(byKind.Key);
            // Ids that are not GUIDs name no Dataverse record (the push refuses them too): nothing to read.
            var byId = new Dictionary<Guid, List<MetadataChange>>();
            foreach (var change in byKind)
            {
                if (Guid.TryParse(change.EntityId, out var id))
                {
                    (byId.TryGetValue(id, out var list) ? list : byId[id] = []).Add(change);
                }
            }

            var columns = byKind.Select(c => ColumnName(c.Name)).Distinct(StringComparer.Ordinal);
            var select = string.Join(',', [table.IdColumn, .. columns]);
            foreach (var chunk in byId.Keys.Chunk(ReadBackChunk))
            {
                var filter = table.IdFilter(chunk.Select(id => id.ToString("D")));
                await ReadChunkAsync(table, $"{table.EntitySet}?$select={select}&$filter={filter}", byId, held, cancellationToken);
            }
        }

        return held;
    }

    /// <summary>Reads one chunk's pages and adds the value of each wanted column of each returned record to <paramref name="held"/>.</summary>
    private async Task ReadChunkAsync(
        DataverseTable table, string url, Dictionary<Guid, List<MetadataChange>> byId, List<MetadataChange> held, CancellationToken cancellationToken)
    {
        // No include-annotations: only the raw values are compared, and the pages stay small.
        var prefer = $"odata.maxpagesize={_options.MaxPageSize}";
        for (string? next = url; next is not null;)
        {
            JsonDocument page;
            try
            {
                page = await _web.GetPageAsync(next, prefer, $"read-back of {table.EntitySet}", cancellationToken);
            }
            catch (DataverseApiException ex) when (ex.Status == HttpStatusCode.NotFound)
            {
                // A clean "not here": nothing more is held; what earlier pages returned stands.
                _logger.LogInformation("Dataverse answered 404 to a read-back of {Table}; treating those records as holding nothing", table.EntitySet);
                return;
            }

            using (page)
            {
                var root = page.RootElement;
                if (root.TryGetProperty("value", out var rows) && rows.ValueKind == JsonValueKind.Array)
                {
                    foreach (var row in rows.EnumerateArray())
                    {
                        AddHeld(table, row, byId, held);
                    }
                }

                next = root.TryGetProperty(ODataAnnotations.NextLink, out var link) && link.ValueKind == JsonValueKind.String ? link.GetString() : null;
            }
        }
    }

    private void AddHeld(DataverseTable table, JsonElement row, Dictionary<Guid, List<MetadataChange>> byId, List<MetadataChange> held)
    {
        if (!row.TryGetProperty(table.IdColumn, out var idValue) || idValue.ValueKind != JsonValueKind.String
            || !Guid.TryParse(idValue.GetString(), out var id) || !byId.TryGetValue(id, out var changes))
        {
            return;
        }

        foreach (var change in changes)
        {
            var column = ColumnName(change.Name);
            // Dataverse returns every selected column, null when empty; one missing from the row is not known to be held.
            if (row.TryGetProperty(column, out var value))
            {
                held.Add(change with { Value = ToText(_types.Get(table.LogicalName, column), value) });
            }
        }
    }

    /// <summary>
    /// A column's JSON value in the text form the engine pushes (<see cref="AttributeValue.ToString"/>), so the pusher
    /// recognises a value it sent: <c>true</c>/<c>false</c>, round-trip numbers, datetimes as
    /// <see cref="AttributeValue.FormatDateTime"/>, null (cleared) as null.
    /// </summary>
    internal static string? ToText(ColumnType? type, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.True:
                return "true";
            case JsonValueKind.False:
                return "false";
            case JsonValueKind.Number:
                return value.TryGetDouble(out var n) ? n.ToString("R", CultureInfo.InvariantCulture) : value.GetRawText();
            case JsonValueKind.String:
                var text = value.GetString()!;
                // Dataverse answers date-and-time columns as yyyy-MM-ddTHH:mm:ssZ; the engine writes milliseconds. A text
                // column holding that exact shape came from a datetime too (the engine types such text as a datetime).
                var isDateTime = type == ColumnType.DateTime
                    || (type is null && DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _));
                return isDateTime && AttributeValue.TryParseDateTime(text, out var d) ? AttributeValue.FormatDateTime(d) : text;
            default:
                return null;
        }
    }
}
