using Microsoft.Data.Sqlite;

namespace Trig.Crm.Store.Sqlite;

/// <summary>
/// The SQLite store (Microsoft.Data.Sqlite): WAL journal, one connection per operation (pooled), and every
/// multi-row write in one transaction. Times are stored as UTC Unix milliseconds.
/// </summary>
public sealed partial class SqliteStore : ITrigStore
{
    private readonly string _connectionString;
    private readonly TimeProvider _time;

    public SqliteStore(string connectionString, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        var b = new SqliteConnectionStringBuilder(connectionString) { Pooling = true };
        if (b.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(b.DataSource) && b.DataSource != ":memory:")
        {
            // A store file this process may not write (or Mode=ReadOnly) is opened read-only: the reading commands
            // work on it, and the writing ones say so in one line instead of failing on their first write.
            if (b.Mode == SqliteOpenMode.ReadOnly || (File.Exists(b.DataSource) && !CanWrite(b.DataSource)))
            {
                b.Mode = SqliteOpenMode.ReadOnly;
                IsReadOnly = true;
            }
            else
            {
                var dir = Path.GetDirectoryName(Path.GetFullPath(b.DataSource));
                if (!string.IsNullOrEmpty(dir))
                {
                    Directory.CreateDirectory(dir);
                }
            }
        }

        Location = b.DataSource;
        _connectionString = b.ToString();
    }

    public bool IsReadOnly { get; }

    /// <summary>The store file, for messages.</summary>
    public string Location { get; }

    private static bool CanWrite(string path)
    {
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
        catch (IOException)
        {
            return true; // locked or busy, not forbidden: SQLite will wait for it
        }
    }

    /// <summary>A test hook: called inside the commit transaction after each written row; throwing aborts the commit.</summary>
    internal Action<int>? CommitFaultInjector { get; set; }

    /// <summary>
    /// A test hook: SQL run on every connection as it is opened (e.g. <c>PRAGMA max_page_count</c> to make the disk
    /// "full" honestly, with SQLITE_FULL from SQLite itself).
    /// </summary>
    internal string? OpenPragmaForTests { get; set; }

    // Pooled connections keep their settings, so the PRAGMAs run once per physical connection (keyed by its
    // native handle), not on every open: a card read is a few sub-millisecond queries, and a round trip per open
    // would be a large share of it.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> Initialised = [];

    internal async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var c = new SqliteConnection(_connectionString);
        await c.OpenAsync(ct);
        if (c.Handle is { } handle && !Initialised.TryGetValue(handle, out _))
        {
            using var pragma = c.CreateCommand();
            pragma.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = OFF; PRAGMA synchronous = NORMAL;";
            await pragma.ExecuteNonQueryAsync(ct);
            Initialised.AddOrUpdate(handle, handle);
        }

        if (OpenPragmaForTests is { } extra)
        {
            using var pragma = c.CreateCommand();
            pragma.CommandText = extra;
            await pragma.ExecuteNonQueryAsync(ct);
        }

        return c;
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        if (IsReadOnly)
        {
            await CheckSchemaCurrentAsync(c, cancellationToken);
            return;
        }

        using (var wal = c.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL; CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);";
            await wal.ExecuteNonQueryAsync(cancellationToken);
        }

        long current;
        using (var q = c.CreateCommand())
        {
            q.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
            current = (long)(await q.ExecuteScalarAsync(cancellationToken))!;
        }

        foreach (var (version, sql) in SqliteMigrations.All)
        {
            if (version <= current)
            {
                continue;
            }

            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = sql + $"\nINSERT INTO schema_version (version) VALUES ({version});";
            await cmd.ExecuteNonQueryAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
    }

    /// <summary>A read-only store is never migrated: it must already have this build's schema, else one clear line.</summary>
    private async Task CheckSchemaCurrentAsync(SqliteConnection c, CancellationToken cancellationToken)
    {
        var latest = SqliteMigrations.All[^1].Version;
        long current;
        try
        {
            using var q = c.CreateCommand();
            q.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
            current = (long)(await q.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (SqliteException)
        {
            current = 0; // no schema at all
        }

        if (current < latest)
        {
            throw new StoreReadOnlyException(
                $"the store {Location} is read-only and its schema is version {current}, but this trig needs version {latest}: run any trig command once with write access to upgrade it");
        }
    }

    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = string.Concat(new[] { "entities", "attributes", "events", "memberships", "transitions", "outbox", "pushed", "crm_properties", "checkpoints", "definitions", "audit", "benchmarks", "deliveries", "refresh_queue", "ingest_messages", "ingest_identities", "ingest_pending", "signal_snapshots", "cycle_runs", "definition_freshness", "transition_totals", "completion_minutes" }
            .Select(t => $"DELETE FROM {t};"));
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var c = await OpenAsync(cancellationToken);
            using var q = c.CreateCommand();
            q.CommandText = "SELECT COUNT(*) FROM schema_version";
            await q.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    internal static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    internal static object Db(object? v) => v ?? DBNull.Value;

    internal static SqliteCommand Cmd(SqliteConnection c, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] ps)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (n, v) in ps)
        {
            cmd.Parameters.AddWithValue(n, Db(v));
        }

        return cmd;
    }

    /// <summary>A reusable prepared command: parameters created once, values set per row.</summary>
    internal static SqliteCommand Prepared(SqliteConnection c, SqliteTransaction tx, string sql, params string[] names)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var n in names)
        {
            cmd.Parameters.Add(new SqliteParameter(n, null));
        }

        return cmd;
    }

    internal static void Set(SqliteCommand cmd, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            cmd.Parameters[i].Value = Db(values[i]);
        }
    }
}
