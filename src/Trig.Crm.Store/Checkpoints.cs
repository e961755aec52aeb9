using System.Data.Common;

namespace Trig.Crm.Store;

/// <summary>The store's key/value checkpoints, read and written with the same SQL on SQLite and PostgreSQL.</summary>
internal static class Checkpoints
{
    public static async Task<string?> GetAsync(Func<string, DbCommand> command, string key, CancellationToken ct)
    {
        using var q = command("SELECT value FROM checkpoints WHERE key = @k").With("k", key);
        return await q.ExecuteScalarAsync(ct) as string;
    }

    public static async Task SetAsync(Func<string, DbCommand> command, string key, string value, CancellationToken ct)
    {
        using var q = command("INSERT INTO checkpoints (key, value) VALUES (@k, @v) ON CONFLICT (key) DO UPDATE SET value = excluded.value").With("k", key).With("v", value);
        await q.ExecuteNonQueryAsync(ct);
    }
}
