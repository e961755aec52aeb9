using System.Data.Common;
using System.Text.Json;
using Trig.Crm.Lifecycle.Actions;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store.Sqlite;
using static Trig.Crm.Store.StoreSql;

namespace Trig.Crm.Store;

/// <summary>
/// The outbox rows as both stores read them (the columns of <c>OutboxColumns</c>, in that order) and the updates
/// whose SQL is the same in both. The claim and the filtered lists stay with each store: PostgreSQL claims with
/// <c>FOR UPDATE SKIP LOCKED</c> and casts its optional parameters, SQLite has one writer and no casts.
/// </summary>
internal static class OutboxRows
{
    /// <summary>What <c>MarkSendingAsync</c> leaves in last_error until the attempt reports back.</summary>
    public const string InFlightMarker = "attempt outcome unknown";

    private const string RetrySql =
        "UPDATE outbox SET status = @pending, attempts = 0, next_attempt_at = @now, last_error = NULL, updated_at = @now WHERE id = @id AND status = @dead";

    public static OutboxItem ReadItem(DbDataReader r, bool outcomeUnknown)
    {
        var action = JsonSerializer.Deserialize<ActionSpec>(r.GetString(3), SqliteStore.Json)!;
        // last_error still holding the marker means the previous attempt never reported back (see MarkSendingAsync).
        var unknown = outcomeUnknown || (!r.IsDBNull(15) && r.GetString(15) == InFlightMarker);
        return new OutboxItem(
            r.GetInt64(0), r.GetString(1), action, r.GetString(4), r.GetString(5), (DefinitionKind)r.GetInt32(6), r.GetString(7),
            r.GetInt64(8), (EntityKind)r.GetInt32(9), r.GetString(10), At(r.GetInt64(11)), r.GetInt32(12) - 1, unknown);
    }

    /// <summary>The entries the store's list query returns, newest first as it orders them.</summary>
    public static async Task<IReadOnlyList<OutboxEntry>> EntriesAsync(DbCommand q, CancellationToken ct) =>
        await ListAsync(q, r => new OutboxEntry(ReadItem(r, false), OutboxStatusText.Parse(r.GetString(13)), Str(r, 15), Str(r, 16), At(r.GetInt64(17))), ct);

    public static async Task MarkSendingAsync(Func<string, DbCommand> command, long id, CancellationToken ct)
    {
        using var q = command("UPDATE outbox SET last_error = @m WHERE id = @id").With("m", InFlightMarker).With("id", id);
        await q.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Sends a dead row again now; false: it is not (or no longer) dead.</summary>
    public static async Task<bool> RetryAsync(Func<string, DbCommand> command, long id, DateTimeOffset now, CancellationToken ct)
    {
        using var q = command(RetrySql)
            .With("now", now.ToUnixTimeMilliseconds()).With("id", id).With("pending", OutboxStatus.Pending.ToText()).With("dead", OutboxStatus.Dead.ToText());
        return await q.ExecuteNonQueryAsync(ct) > 0;
    }

    /// <summary>The rows per status from the store's count query (status text, int count): the keys go out as read.</summary>
    public static async Task<Dictionary<string, int>> CountsAsync(DbCommand q, CancellationToken ct)
    {
        await using var r = await q.ExecuteReaderAsync(ct);
        var d = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await r.ReadAsync(ct))
        {
            d[r.GetString(0)] = r.GetInt32(1);
        }

        return d;
    }
}
