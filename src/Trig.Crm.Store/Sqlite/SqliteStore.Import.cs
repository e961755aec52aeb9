using Microsoft.Data.Sqlite;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.Store.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>A test hook: called inside the import transaction after each chunk with the rows written so far; throwing aborts it.</summary>
    internal Action<int>? ImportFaultInjector { get; set; }

    public async Task<int> ImportAsync(IReadOnlyList<CrmRecord> records, IReadOnlyList<EventRecord> events, IProgress<int>? written, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using (var cache = Cmd(c, null, "PRAGMA cache_size = -32768"))
        {
            // A large import touches many index pages in one transaction: 32 MB of cache instead of the 2 MB default.
            await cache.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        var added = await ImportChunks.RunAsync(records, events, chunk => UpsertAsync(c, tx, chunk, cancellationToken), chunk => AppendEventsAsync(c, tx, chunk, cancellationToken),
            ImportFaultInjector, written);
        await tx.CommitAsync(cancellationToken);
        return added;
    }
}
