using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store;

namespace Trig.Crm.Ingest.Warehouse;

/// <summary>
/// Runs a warehouse source's query on PostgreSQL and writes each row as attributes of the entity named by the id
/// column (marking it dirty for the fast path). Values are typed by the schema's declarations, else by the
/// column's SQL type; NULL removes the attribute.
/// </summary>
public sealed class WarehouseSync(ITrigStore store, DefinitionCatalog catalog, IOptions<WarehouseOptions> options, ILogger<WarehouseSync> logger)
{
    private const int BatchSize = 2000;

    public async Task<WarehouseRunReport> RunAsync(string name, CancellationToken ct)
    {
        var (source, kind) = Source(name);
        var declared = (catalog.Current ?? catalog.Reload())?.Schema.For(kind) ?? AttributeSchema.Empty.For(kind);
        await using var conn = new NpgsqlConnection(source.ConnectionString);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(source.Query, conn) { CommandTimeout = source.CommandTimeoutSeconds };
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var (idOrdinal, columns) = Columns(name, source, reader);

        int rows = 0, entities = 0, bad = 0;
        var batch = new List<CrmRecord>(BatchSize);
        while (await reader.ReadAsync(ct))
        {
            rows++;
            if (reader.IsDBNull(idOrdinal))
            {
                bad++;
                continue;
            }

            var id = Convert.ToString(reader.GetValue(idOrdinal), CultureInfo.InvariantCulture)!;
            batch.Add(new CrmRecord(kind, id, null, Attributes(name, kind, id, reader, columns, declared, ref bad)));
            if (batch.Count == BatchSize)
            {
                entities += await FlushAsync(batch, ct);
            }
        }

        entities += await FlushAsync(batch, ct);
        return new WarehouseRunReport(name, rows, entities, bad);
    }

    private (WarehouseSourceOptions Source, EntityKind Kind) Source(string name)
    {
        if (!options.Value.Sources.TryGetValue(name, out var source))
        {
            throw new InvalidOperationException($"Trig:Warehouse:Sources:{name} is not configured");
        }

        var kind = ParseEntity(source.Entity) ?? throw new InvalidOperationException($"Trig:Warehouse:Sources:{name}:Entity must be organisation or person");
        if (string.IsNullOrWhiteSpace(source.ConnectionString) || string.IsNullOrWhiteSpace(source.Query))
        {
            throw new InvalidOperationException($"Trig:Warehouse:Sources:{name} needs ConnectionString and Query");
        }

        return (source, kind);
    }

    /// <summary>The id column's ordinal, and the attribute columns (all others, or those listed in Columns).</summary>
    private static (int IdOrdinal, List<(int Ordinal, string Name)> Columns) Columns(string name, WarehouseSourceOptions source, NpgsqlDataReader reader)
    {
        var idOrdinal = -1;
        var columns = new List<(int Ordinal, string Name)>();
        var wanted = source.Columns is { Count: > 0 } list ? new HashSet<string>(list, StringComparer.OrdinalIgnoreCase) : null;
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var col = reader.GetName(i);
            if (col.Equals(source.IdColumn, StringComparison.OrdinalIgnoreCase))
            {
                idOrdinal = i;
            }
            else if (wanted is null || wanted.Contains(col))
            {
                columns.Add((i, col));
            }
        }

        return idOrdinal >= 0
            ? (idOrdinal, columns)
            : throw new InvalidOperationException($"Trig:Warehouse:Sources:{name}: the query returns no '{source.IdColumn}' column (IdColumn)");
    }

    /// <summary>One row's attributes; a value that does not fit its declared type is skipped (and counted bad).</summary>
    private Dictionary<string, AttributeValue> Attributes(string name, EntityKind kind, string id, NpgsqlDataReader reader, List<(int Ordinal, string Name)> columns, IReadOnlyDictionary<string, ValueKind> declared, ref int bad)
    {
        var attrs = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var (ordinal, col) in columns)
        {
            var raw = reader.IsDBNull(ordinal) ? AttributeTyper.Raw.Null : FromSql(reader.GetValue(ordinal));
            var want = declared.TryGetValue(col, out var k) ? k : ValueKind.None;
            if (!AttributeTyper.TryType(raw, want, out var value, out var why))
            {
                bad++;
                logger.LogWarning("Warehouse source {Source}: {Entity} {Id} column {Column} ({Type}): {Reason}; value skipped", name, kind, id, col, want, why);
                continue;
            }

            attrs[col] = value;
        }

        return attrs;
    }

    private async Task<int> FlushAsync(List<CrmRecord> batch, CancellationToken ct)
    {
        var count = batch.Count;
        if (count > 0)
        {
            await store.UpsertAsync(batch, ct);
            batch.Clear();
        }

        return count;
    }

    internal static EntityKind? ParseEntity(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "organisation" or "organization" or "org" => EntityKind.Organisation,
        "person" or "people" => EntityKind.Person,
        _ => null,
    };

    /// <summary>A SQL value as the typer's raw input: SQL types are kept (text stays text unless ISO 8601).</summary>
    private static AttributeTyper.Raw FromSql(object v) => v switch
    {
        bool b => AttributeTyper.Raw.OfBool(b),
        short or int or long or float or double or decimal or byte => AttributeTyper.Raw.OfNumber(Convert.ToString(v, CultureInfo.InvariantCulture)!),
        DateTime d => AttributeTyper.Raw.OfDateTime(new DateTimeOffset(d.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : d.ToUniversalTime())),
        DateTimeOffset o => AttributeTyper.Raw.OfDateTime(o),
        DateOnly d => AttributeTyper.Raw.OfDateTime(new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)),
        string s => AttributeTyper.Raw.OfString(s),
        string[] list => AttributeTyper.Raw.OfList(list),
        _ => AttributeTyper.Raw.OfString(Convert.ToString(v, CultureInfo.InvariantCulture) ?? ""),
    };
}
