using System.Data.Common;

namespace Trig.Crm.Store;

/// <summary>
/// What the dialect-free helpers share to run a command either store made. Parameters are added by their bare name,
/// which Npgsql binds to <c>@name</c> and Microsoft.Data.Sqlite to <c>@name</c> or <c>$name</c>: a helper's SQL
/// (written with <c>@</c>) serves both stores, and a SQLite store's own <c>$</c> SQL binds the same way.
/// </summary>
internal static class StoreSql
{
    /// <summary>Adds a parameter (null goes as <see cref="DBNull"/>, as the stores' own commands send it).</summary>
    public static DbCommand With(this DbCommand cmd, string name, object? value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        cmd.Parameters.Add(p);
        return cmd;
    }

    /// <summary>Runs the query and maps every row it returns, in order.</summary>
    public static async Task<List<T>> ListAsync<T>(DbCommand q, Func<DbDataReader, T> row, CancellationToken ct)
    {
        await using var r = await q.ExecuteReaderAsync(ct);
        var list = new List<T>();
        while (await r.ReadAsync(ct))
        {
            list.Add(row(r));
        }

        return list;
    }

    /// <summary>A stored time (UTC Unix milliseconds).</summary>
    public static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static string? Str(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
