using System.Globalization;

namespace Trig.Crm.Store.Sqlite;

/// <summary>The store-wide cycle lease: one checkpoint row, <c>until-ms|owner</c>, taken and renewed with one upsert.</summary>
public sealed partial class SqliteStore
{
    private const string LeaseKey = "cycle:lease";

    public async Task<string?> TryTakeCycleLeaseAsync(string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        // The upsert only overwrites an expired lease or the owner's own, so two processes cannot both take it.
        using var take = Cmd(c, null, """
            INSERT INTO checkpoints (key, value) VALUES ($k, $v)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value
            WHERE CAST(substr(checkpoints.value, 1, instr(checkpoints.value, '|') - 1) AS INTEGER) < $now
               OR substr(checkpoints.value, instr(checkpoints.value, '|') + 1) = $owner
            """,
            ("$k", LeaseKey), ("$v", $"{until.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}|{owner}"), ("$now", now.ToUnixTimeMilliseconds()), ("$owner", owner));
        if (await take.ExecuteNonQueryAsync(cancellationToken) == 1)
        {
            return null;
        }

        using var read = Cmd(c, null, "SELECT value FROM checkpoints WHERE key = $k", ("$k", LeaseKey));
        var held = await read.ExecuteScalarAsync(cancellationToken) as string ?? "";
        var bar = held.IndexOf('|', StringComparison.Ordinal);
        var heldUntil = bar > 0 && long.TryParse(held[..bar], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(ms, 0, DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)
            : "?";
        return $"held by {(bar >= 0 ? held[(bar + 1)..] : held)} until {heldUntil}";
    }

    public async Task ReleaseCycleLeaseAsync(string owner, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, "DELETE FROM checkpoints WHERE key = $k AND substr(value, instr(value, '|') + 1) = $owner", ("$k", LeaseKey), ("$owner", owner));
        await q.ExecuteNonQueryAsync(cancellationToken);
    }
}
