using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Trig.Crm.Dynamics.Api;

namespace Trig.Crm.Dynamics.Sink;

/// <summary>
/// The types of the Trig columns, for the life of the process. Provisioning records the columns it creates or finds;
/// after a restart provisioning is skipped (the definitions did not change), so the first push that meets a column of
/// unknown type reads the table's custom column types from the metadata API once, instead of guessing from the value.
/// </summary>
internal sealed class ColumnTypeCache(IDataverseMetadataApi metadata, string columnPrefix, ILogger logger)
{
    private readonly ConcurrentDictionary<(string Table, string Column), ColumnType> _types = new();
    private readonly ConcurrentDictionary<string, bool> _tablesRead = new(StringComparer.Ordinal);

    public void Set(string table, string column, ColumnType type) => _types[(table, column)] = type;

    public ColumnType? Get(string table, string column) => _types.TryGetValue((table, column), out var type) ? type : null;

    /// <summary>Reads the column types of each table that has a column of unknown type and was not read yet; returns the requests made.</summary>
    public async Task<int> EnsureAsync(IEnumerable<(string Table, string Column)> columns, CancellationToken cancellationToken)
    {
        var requests = 0;
        var tables = columns.Where(c => !_types.ContainsKey(c)).Select(c => c.Table).Distinct(StringComparer.Ordinal).ToList();
        foreach (var table in tables.Where(t => !_tablesRead.ContainsKey(t)))
        {
            requests++;
            try
            {
                using var response = await metadata.GetCustomAttributeTypesAsync(table, cancellationToken);
                if (!response.IsSuccessStatusCode || response.Content?.Value is not { } attributes)
                {
                    // Not cached as read: the next push asks again, and this one writes with types guessed from the values.
                    logger.LogWarning("Could not read the Dataverse column types of {Table} ({Status}); values are typed from their text until a read succeeds", table, response.StatusCode);
                    continue;
                }

                foreach (var attribute in attributes)
                {
                    if (attribute.LogicalName is { } name && name.StartsWith(columnPrefix, StringComparison.OrdinalIgnoreCase))
                    {
                        _types[(table, name.ToLowerInvariant())] = ColumnTypes.Of(attribute.AttributeType);
                    }
                }

                _tablesRead[table] = true;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Could not read the Dataverse column types of {Table}; values are typed from their text until a read succeeds", table);
            }
        }

        return requests;
    }
}
