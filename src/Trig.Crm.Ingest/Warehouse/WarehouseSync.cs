using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store;
using Trig.Crm.Engine.Cycle;
using Trig.Crm.Engine.Metadata;
using Trig.Crm.Engine.Outbox;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Engine.Cards;

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
        if (!options.Value.Sources.TryGetValue(name, out var source))
        {
            throw new InvalidOperationException($"Trig:Warehouse:Sources:{name} is not configured");
        }

        var kind = ParseEntity(source.Entity) ?? throw new InvalidOperationException($"Trig:Warehouse:Sources:{name}:Entity must be organisation or person");
        if (string.IsNullOrWhiteSpace(source.ConnectionString) || string.IsNullOrWhiteSpace(source.Query))
        {
            throw new InvalidOperationException($"Trig:Warehouse:Sources:{name} needs ConnectionString and Query");
        }

        var declared = (catalog.Current ?? catalog.Reload())?.Schema.For(kind) ?? AttributeSchema.Empty.For(kind);
        await using var conn = new NpgsqlConnection(source.ConnectionString);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(source.Query, conn) { CommandTimeout = source.CommandTimeoutSeconds };
        await using var reader = await cmd.ExecuteReaderAsync(ct);

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

        if (idOrdinal < 0)
        {
            throw new InvalidOperationException($"Trig:Warehouse:Sources:{name}: the query returns no '{source.IdColumn}' column (IdColumn)");
        }

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
            var attrs = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
            foreach (var (ordinal, col) in columns)
            {
                var natural = reader.IsDBNull(ordinal) ? AttributeValue.None : FromSql(reader.GetValue(ordinal));
                if (declared.TryGetValue(col, out var want) && !natural.IsNone && natural.Kind != want)
                {
                    if (!AttributeValue.TryParse(natural.ToString(), want, out var typed))
                    {
                        bad++;
                        logger.LogWarning("Warehouse source {Source}: {Entity} {Id} column {Column} is declared {Type}; value skipped", name, kind, id, col, want);
                        continue;
                    }

                    natural = typed;
                }

                attrs[col] = natural;
            }

            batch.Add(new CrmRecord(kind, id, null, attrs));
            if (batch.Count == BatchSize)
            {
                await store.UpsertAsync(batch, ct);
                entities += batch.Count;
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            await store.UpsertAsync(batch, ct);
            entities += batch.Count;
        }

        return new WarehouseRunReport(name, rows, entities, bad);
    }

    internal static EntityKind? ParseEntity(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "organisation" or "organization" or "org" => EntityKind.Organisation,
        "person" or "people" => EntityKind.Person,
        _ => null,
    };

    private static AttributeValue FromSql(object v) => v switch
    {
        bool b => AttributeValue.Of(b),
        short or int or long or float or double or decimal or byte => AttributeValue.Of(Convert.ToDouble(v, CultureInfo.InvariantCulture)),
        DateTime d => AttributeValue.Of(new DateTimeOffset(d.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : d.ToUniversalTime())),
        DateTimeOffset o => AttributeValue.Of(o),
        DateOnly d => AttributeValue.Of(new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)),
        string s => s.Length == 0 ? AttributeValue.None : AttributeValue.Of(s),
        string[] list => AttributeValue.Of(list),
        _ => AttributeValue.Of(Convert.ToString(v, CultureInfo.InvariantCulture) ?? ""),
    };
}
