using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.Store.Sqlite;

public sealed partial class SqliteStore
{
    public async Task<long> BeginPushAsync(string provider, IReadOnlyList<MetadataChange> changes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, "INSERT INTO push_journal (provider, started_at, changes) VALUES ($p, $at, $c) RETURNING id",
            ("$p", provider), ("$at", Ms(now)), ("$c", PushJournalText.Write(changes)));
        return Convert.ToInt64(await q.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task EndPushAsync(long id, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, "DELETE FROM push_journal WHERE id = $id", ("$id", id));
        await q.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<Dictionary<(EntityKind Kind, string Id, string Name), string?>> LoadUnfinishedPushesAsync(string provider, DateTimeOffset expireBefore, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using (var expire = Cmd(c, null, "DELETE FROM push_journal WHERE provider = $p AND started_at < $before", ("$p", provider), ("$before", Ms(expireBefore))))
        {
            await expire.ExecuteNonQueryAsync(cancellationToken);
        }

        using var q = Cmd(c, null, "SELECT changes FROM push_journal WHERE provider = $p ORDER BY id", ("$p", provider));
        await using var r = await q.ExecuteReaderAsync(cancellationToken);
        var unfinished = new Dictionary<(EntityKind, string, string), string?>();
        while (await r.ReadAsync(cancellationToken))
        {
            PushJournalText.ReadInto(r.GetString(0), unfinished);
        }

        return unfinished;
    }
}
