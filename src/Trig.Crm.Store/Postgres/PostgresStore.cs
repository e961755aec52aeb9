using Npgsql;

namespace Trig.Crm.Store.Postgres;

/// <summary>
/// The PostgreSQL store (Npgsql): the same tables and encodings as the SQLite store (times as UTC Unix milliseconds),
/// one pooled connection per operation, every multi-row write in one transaction and sent as array parameters
/// (<c>unnest</c>) rather than a round trip per row. Several processes may share one database: outbox claims and the
/// refresh queue take rows with <c>FOR UPDATE SKIP LOCKED</c>, migrations run under an advisory lock.
/// </summary>
public sealed partial class PostgresStore : ITrigStore, IAsyncDisposable, IDisposable
{
    /// <summary>The advisory lock key migrations hold (any fixed number; "trig" in ASCII).</summary>
    internal const long MigrationLock = 0x74726967;

    private readonly NpgsqlDataSource _source;
    private readonly TimeProvider _time;

    public PostgresStore(string connectionString, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _source = NpgsqlDataSource.Create(connectionString);
    }

    /// <summary>A test hook: called inside the commit transaction for each row to write; throwing aborts the commit.</summary>
    internal Action<int>? CommitFaultInjector { get; set; }

    internal ValueTask<NpgsqlConnection> OpenAsync(CancellationToken ct) => _source.OpenConnectionAsync(ct);

    /// <summary>The schema versions applied so far, oldest first (empty before the first migration).</summary>
    public async Task<IReadOnlyList<int>> AppliedMigrationsAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, "SELECT version FROM schema_migrations ORDER BY version");
        try
        {
            var list = new List<int>();
            await using var r = await q.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                list.Add(r.GetInt32(0));
            }

            return list;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return [];
        }
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        // Two processes starting together: the second waits here until the first has committed, then finds nothing to do.
        using (var lockCmd = Cmd(c, tx, "SELECT pg_advisory_xact_lock(@k)", ("k", MigrationLock)))
        {
            await lockCmd.ExecuteNonQueryAsync(cancellationToken);
        }

        using (var create = Cmd(c, tx, "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var applied = new HashSet<int>();
        using (var q = Cmd(c, tx, "SELECT version FROM schema_migrations"))
        await using (var r = await q.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                applied.Add(r.GetInt32(0));
            }
        }

        foreach (var (version, sql) in PostgresMigrations.All)
        {
            if (applied.Contains(version))
            {
                continue;
            }

            using var cmd = Cmd(c, tx, sql);
            await cmd.ExecuteNonQueryAsync(cancellationToken);
            using var record = Cmd(c, tx, "INSERT INTO schema_migrations (version) VALUES (@v)", ("v", version));
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>Every data table: what the store copy carries and <see cref="ResetAsync"/> empties (but <see cref="KeptOnReset"/>).</summary>
    internal static readonly string[] DataTables =
    [
        "entities", "attributes", "events", "memberships", "transitions", "outbox", "pushed", "crm_properties", "checkpoints", "definitions",
        "audit", "benchmarks", "deliveries", "refresh_queue", "ingest_messages", "ingest_identities", "ingest_pending",
        "cycle_runs", "definition_freshness", "definition_set_versions", "authored_definitions", "signal_snapshots",
        "crm_request_budget", "cluster_cycles", "cluster_shards", "push_journal", "transition_totals", "completion_minutes",
    ];

    /// <summary>The authored definition set: data the copy carries, but a reset keeps (as the SQLite store's reset does).</summary>
    internal static readonly string[] KeptOnReset = ["definition_set_versions", "authored_definitions"];

    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var cmd = Cmd(c, null, "TRUNCATE " + string.Join(", ", DataTables.Except(KeptOnReset, StringComparer.Ordinal)));
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var c = await OpenAsync(cancellationToken);
            using var q = Cmd(c, null, "SELECT COUNT(*) FROM schema_migrations");
            await q.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();

    // The CLI host is disposed synchronously; a container holding an IAsyncDisposable-only singleton refuses that.
    public void Dispose() => _source.Dispose();

    internal static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    internal static long? Ms(DateTimeOffset? t) => t is { } v ? v.ToUnixTimeMilliseconds() : null;

    internal static NpgsqlCommand Cmd(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, params (string Name, object? Value)[] ps)
    {
        var cmd = new NpgsqlCommand(sql, c, tx);
        foreach (var (n, v) in ps)
        {
            cmd.Parameters.AddWithValue(n, v ?? DBNull.Value);
        }

        return cmd;
    }

    internal static long? Long(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);
}
