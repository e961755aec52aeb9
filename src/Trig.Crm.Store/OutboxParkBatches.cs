using System.Data.Common;

namespace Trig.Crm.Store;

/// <summary>
/// Parking runs in batches: a park statement sets at most a batch of due rows to waiting, each in its own
/// transaction, and is run again until a run parks fewer. After a large import no statement holds the store's write
/// lock (SQLite) or a million row locks (PostgreSQL) for long.
/// </summary>
internal static class OutboxParkBatches
{
    /// <summary>The most rows one park statement sets to waiting.</summary>
    public const int DefaultSize = 10_000;

    /// <summary>Runs <paramref name="park"/> (an UPDATE of at most <paramref name="size"/> rows) until a run parks fewer; the rows parked.</summary>
    public static async Task<int> RunAsync(DbCommand park, int size, CancellationToken ct)
    {
        var parked = 0;
        int batch;
        do
        {
            batch = await park.ExecuteNonQueryAsync(ct);
            parked += batch;
        }
        while (batch == size);

        return parked;
    }

    /// <summary>
    /// Runs <paramref name="park"/> until a run parks fewer than <paramref name="size"/> rows, counting the rows parked
    /// per reason: the statement returns a reason per row parked, or a reason and its count.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, int>> RunByReasonAsync(DbCommand park, int size, CancellationToken ct)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        int batch;
        do
        {
            batch = 0;
            await using var r = await park.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var n = r.FieldCount > 1 ? r.GetInt32(1) : 1;
                counts[r.GetString(0)] = counts.GetValueOrDefault(r.GetString(0)) + n;
                batch += n;
            }
        }
        while (batch == size);

        return counts;
    }
}
