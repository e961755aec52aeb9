using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Trig.Crm.Store.Postgres;

/// <summary>
/// Copies a SQLite store into an empty PostgreSQL database (migrated first), table by table with binary COPY, in one
/// target transaction: it commits only when every table's row count and checksum read back from the target equal the
/// source's, so a failed or mismatched copy leaves the target as it was. The source is read in one transaction (one
/// consistent snapshot even while a service writes to it).
/// </summary>
public static class SqliteToPostgresCopy
{
    private const int ProgressEvery = 50_000;

    public static async Task<IReadOnlyList<TableCopyReport>> CopyAsync(string sqliteConnectionString, string postgresConnectionString, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        await using (var target = new PostgresStore(postgresConnectionString))
        {
            await target.MigrateAsync(cancellationToken);
        }

        await using var src = new SqliteConnection(sqliteConnectionString);
        await src.OpenAsync(cancellationToken);
        await using var srcTx = src.BeginTransaction(deferred: true);
        await using var dst = new NpgsqlConnection(postgresConnectionString);
        await dst.OpenAsync(cancellationToken);
        await using var dstTx = await dst.BeginTransactionAsync(cancellationToken);
        await RefuseUnknownTablesAsync(src, srcTx, cancellationToken);

        var reports = new List<TableCopyReport>();
        foreach (var table in PostgresStore.DataTables)
        {
            var columns = await TargetColumnsAsync(dst, table, cancellationToken);
            await RefuseColumnMismatchAsync(src, srcTx, table, columns, cancellationToken);
            if (await CountAsync(dst, table, cancellationToken) > 0)
            {
                throw new InvalidOperationException($"the target database already holds rows in '{table}': copy into an empty database");
            }

            var source = await CopyTableAsync(src, srcTx, dst, table, columns, progress, cancellationToken);
            var copied = await ChecksumAsync(dst, table, columns, cancellationToken);
            reports.Add(new TableCopyReport(table, source.Rows, source.Value, copied.Rows, copied.Value));
        }

        foreach (var table in PostgresMigrations.IdentityTables)
        {
            // New rows must not collide with copied ids.
            using var seq = new NpgsqlCommand($"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM {table}", dst);
            await seq.ExecuteNonQueryAsync(cancellationToken);
        }

        if (reports.All(r => r.Matches))
        {
            await dstTx.CommitAsync(cancellationToken);
            // Planner statistics for the bulk-written tables now, rather than whenever autovacuum gets to them: until
            // then the first cycles' shard reads are planned for empty tables.
            progress?.Report("Analyzing the copied tables");
            using var analyze = new NpgsqlCommand("ANALYZE", dst) { CommandTimeout = 0 };
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }

        return reports;
    }

    private static async Task<TableChecksum> CopyTableAsync(
        SqliteConnection src, SqliteTransaction srcTx, NpgsqlConnection dst, string table, IReadOnlyList<(string Name, NpgsqlDbType Type)> columns, IProgress<string>? progress, CancellationToken ct)
    {
        long total;
        using (var count = src.CreateCommand())
        {
            count.Transaction = srcTx;
            count.CommandText = $"SELECT COUNT(*) FROM {table}";
            total = (long)(await count.ExecuteScalarAsync(ct))!;
        }

        var names = string.Join(", ", columns.Select(c => c.Name));
        var checksum = new TableChecksum();
        using var read = src.CreateCommand();
        read.Transaction = srcTx;
        read.CommandText = $"SELECT {names} FROM {table}";
        await using var r = await read.ExecuteReaderAsync(ct);
        await using var w = await dst.BeginBinaryImportAsync($"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)", ct);
        // The checksum is over the values as read (not as converted), so a lossy conversion shows as a mismatch.
        var row = new object?[columns.Count];
        while (await r.ReadAsync(ct))
        {
            await w.StartRowAsync(ct);
            for (var i = 0; i < columns.Count; i++)
            {
                row[i] = r.IsDBNull(i) ? null : r.GetValue(i);
                if (row[i] is { } v)
                {
                    await w.WriteAsync(Convert(v, columns[i].Type), columns[i].Type, ct);
                }
                else
                {
                    await w.WriteNullAsync(ct);
                }
            }

            checksum.Add(row);
            if (checksum.Rows % ProgressEvery == 0)
            {
                progress?.Report($"{table}: {checksum.Rows:N0} of {total:N0} rows");
            }
        }

        await w.CompleteAsync(ct);
        progress?.Report($"{table}: {checksum.Rows:N0} rows copied");
        return checksum;
    }

    private static object Convert(object value, NpgsqlDbType type) => type switch
    {
        NpgsqlDbType.Integer => System.Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture),
        NpgsqlDbType.Bigint => System.Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
        NpgsqlDbType.Double => System.Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture),
        _ => System.Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!,
    };

    private static async Task<TableChecksum> ChecksumAsync(NpgsqlConnection dst, string table, IReadOnlyList<(string Name, NpgsqlDbType Type)> columns, CancellationToken ct)
    {
        var checksum = new TableChecksum();
        using var q = new NpgsqlCommand($"SELECT {string.Join(", ", columns.Select(c => c.Name))} FROM {table}", dst);
        await using var r = await q.ExecuteReaderAsync(ct);
        var row = new object?[columns.Count];
        while (await r.ReadAsync(ct))
        {
            for (var i = 0; i < columns.Count; i++)
            {
                row[i] = r.IsDBNull(i) ? null : r.GetValue(i);
            }

            checksum.Add(row);
        }

        return checksum;
    }

    private static async Task<long> CountAsync(NpgsqlConnection dst, string table, CancellationToken ct)
    {
        using var q = new NpgsqlCommand($"SELECT COUNT(*) FROM {table}", dst);
        return (long)(await q.ExecuteScalarAsync(ct))!;
    }

    private static async Task<List<(string Name, NpgsqlDbType Type)>> TargetColumnsAsync(NpgsqlConnection dst, string table, CancellationToken ct)
    {
        using var q = new NpgsqlCommand("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @t ORDER BY ordinal_position", dst);
        q.Parameters.AddWithValue("t", table);
        await using var r = await q.ExecuteReaderAsync(ct);
        var list = new List<(string, NpgsqlDbType)>();
        while (await r.ReadAsync(ct))
        {
            list.Add((r.GetString(0), r.GetString(1) switch
            {
                "integer" => NpgsqlDbType.Integer,
                "bigint" => NpgsqlDbType.Bigint,
                "double precision" => NpgsqlDbType.Double,
                "text" => NpgsqlDbType.Text,
                var other => throw new InvalidOperationException($"{table}.{r.GetString(0)} has type {other}, which the store copy does not know"),
            }));
        }

        return list;
    }

    /// <summary>Nothing is lost: a source column the target lacks (or the reverse) stops the copy before it starts.</summary>
    private static async Task RefuseColumnMismatchAsync(SqliteConnection src, SqliteTransaction tx, string table, IReadOnlyList<(string Name, NpgsqlDbType Type)> target, CancellationToken ct)
    {
        var source = await NamesAsync(src, tx, $"SELECT name FROM pragma_table_info('{table}')", ct);
        var missing = source.Except(target.Select(c => c.Name), StringComparer.Ordinal).ToList();
        var extra = target.Select(c => c.Name).Except(source, StringComparer.Ordinal).ToList();
        if (missing.Count > 0 || extra.Count > 0)
        {
            throw new InvalidOperationException($"table '{table}' differs between the stores (only in SQLite: {string.Join(", ", missing)}; only in PostgreSQL: {string.Join(", ", extra)}): upgrade trig so both schemas match");
        }
    }

    private static async Task RefuseUnknownTablesAsync(SqliteConnection src, SqliteTransaction tx, CancellationToken ct)
    {
        var tables = await NamesAsync(src, tx, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_version'", ct);
        var unknown = tables.Except(PostgresStore.DataTables, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException($"the SQLite store has tables this copy does not know ({string.Join(", ", unknown)}): upgrade trig so both schemas match");
        }
    }

    private static async Task<List<string>> NamesAsync(SqliteConnection src, SqliteTransaction tx, string sql, CancellationToken ct)
    {
        using var q = src.CreateCommand();
        q.Transaction = tx;
        q.CommandText = sql;
        await using var r = await q.ExecuteReaderAsync(ct);
        var list = new List<string>();
        while (await r.ReadAsync(ct))
        {
            list.Add(r.GetString(0));
        }

        return list;
    }
}
