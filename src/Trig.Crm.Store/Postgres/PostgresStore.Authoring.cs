using Npgsql;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store.Authoring;

namespace Trig.Crm.Store.Postgres;

/// <summary>The authored definition set: versions, entries, history and the audit trail (the SQLite store's twin).</summary>
public sealed partial class PostgresStore
{
    /// <summary>The advisory lock publishers hold, so the version check and the insert do not interleave ("auth" in ASCII).</summary>
    private const long PublishLock = 0x61757468;

    public async Task<long> AuthoredSetVersionAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        return await SetVersionAsync(c, null, cancellationToken);
    }

    public async Task<AuthoredSet> LoadAuthoredAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        // One snapshot: the version and the entries must agree.
        await using var tx = await c.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var version = await SetVersionAsync(c, tx, cancellationToken);
        var entries = new List<AuthoredEntry>();
        using (var q = Cmd(c, tx, """
                   SELECT a.key, a.section, a.text, a.set_version, v.at, v.actor
                   FROM authored_definitions a JOIN definition_set_versions v ON v.version = a.set_version
                   WHERE a.set_version = (SELECT MAX(b.set_version) FROM authored_definitions b WHERE b.key = a.key) AND a.text IS NOT NULL
                   ORDER BY a.key COLLATE "C"
                   """))
        await using (var r = await q.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                entries.Add(new AuthoredEntry(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), At(r.GetInt64(4)), r.GetString(5)));
            }
        }

        await tx.CommitAsync(cancellationToken);
        return new AuthoredSet(version, entries);
    }

    public async Task<long?> PublishAsync(AuthoredChange change, long expectedVersion, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        using (var lockCmd = Cmd(c, tx, "SELECT pg_advisory_xact_lock(@k)", ("k", PublishLock)))
        {
            await lockCmd.ExecuteNonQueryAsync(cancellationToken);
        }

        if (await SetVersionAsync(c, tx, cancellationToken) != expectedVersion)
        {
            return null;
        }

        var version = expectedVersion + 1;
        using (var v = Cmd(c, tx, "INSERT INTO definition_set_versions (version, at, actor, action, summary) VALUES (@v, @at, @actor, @action, @s)",
                   ("v", version), ("at", Ms(change.At)), ("actor", change.Actor), ("action", change.Action), ("s", change.Summary)))
        {
            await v.ExecuteNonQueryAsync(cancellationToken);
        }

        if (change.Edits.Count > 0)
        {
            using var ins = Cmd(c, tx, """
                INSERT INTO authored_definitions (key, set_version, section, text, diff)
                SELECT k, @v, sec, t, d FROM unnest(@k, @sec, @t, @d) AS x(k, sec, t, d)
                """,
                ("v", version), ("k", change.Edits.Select(e => e.Key).ToArray()), ("sec", change.Edits.Select(e => e.Section).ToArray()),
                ("t", change.Edits.Select(e => e.Text).ToArray()), ("d", change.Edits.Select(e => e.Diff).ToArray()));
            await ins.ExecuteNonQueryAsync(cancellationToken);
        }

        await InsertAuditAsync(c, tx, new AuditRecord(0, change.At, change.Actor, change.Action, $"set v{version}: {change.Summary}"), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return version;
    }

    public async Task<IReadOnlyList<AuthoredVersion>> HistoryAsync(string key, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, """
            SELECT a.key, a.set_version, a.section, a.text, a.diff, v.at, v.actor, v.action
            FROM authored_definitions a JOIN definition_set_versions v ON v.version = a.set_version
            WHERE a.key = @k ORDER BY a.set_version DESC
            """, ("k", key));
        await using var r = await q.ExecuteReaderAsync(cancellationToken);
        var list = new List<AuthoredVersion>();
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new AuthoredVersion(r.GetString(0), r.GetInt64(1), r.GetString(2), Str(r, 3), r.GetString(4), At(r.GetInt64(5)), r.GetString(6), r.GetString(7)));
        }

        return list;
    }

    public async Task<IReadOnlyList<AuditRecord>> AuditPageAsync(long? before, int limit, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, "SELECT id, at, actor, action, subject FROM audit WHERE id < @b ORDER BY id DESC LIMIT @l", ("b", before ?? long.MaxValue), ("l", limit));
        await using var r = await q.ExecuteReaderAsync(cancellationToken);
        var list = new List<AuditRecord>();
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new AuditRecord(r.GetInt64(0), At(r.GetInt64(1)), r.GetString(2), r.GetString(3), r.GetString(4)));
        }

        return list;
    }

    public async Task AuditAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await InsertAuditAsync(c, null, record, cancellationToken);
    }

    public async Task<IReadOnlyList<ObservedAttribute>> ObservedAttributesAsync(int examples, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        var list = new List<(EntityKind Kind, string Name, ValueKind Type, long Count)>();
        using (var q = Cmd(c, null, """SELECT kind, name, type, COUNT(*) FROM attributes GROUP BY kind, name, type ORDER BY kind, name COLLATE "C", type"""))
        await using (var r = await q.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                list.Add(((EntityKind)r.GetInt32(0), r.GetString(1), (ValueKind)r.GetInt32(2), r.GetInt64(3)));
            }
        }

        var result = new List<ObservedAttribute>(list.Count);
        using var ex = Cmd(c, null, "SELECT DISTINCT value FROM attributes WHERE kind = @k AND name = @n AND type = @t LIMIT @l", ("k", 0), ("n", ""), ("t", 0), ("l", examples));
        foreach (var (kind, name, type, count) in list)
        {
            ex.Parameters["k"].Value = (int)kind;
            ex.Parameters["n"].Value = name;
            ex.Parameters["t"].Value = (int)type;
            var values = new List<string>();
            await using (var r = await ex.ExecuteReaderAsync(cancellationToken))
            {
                while (await r.ReadAsync(cancellationToken))
                {
                    values.Add(r.GetString(0));
                }
            }

            result.Add(new ObservedAttribute(kind, name, type, count, values));
        }

        return result;
    }

    public async Task<IReadOnlyList<(string Name, long Count)>> ObservedEventsAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, """SELECT name, COUNT(*) FROM events GROUP BY name ORDER BY name COLLATE "C" """);
        await using var r = await q.ExecuteReaderAsync(cancellationToken);
        var list = new List<(string, long)>();
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add((r.GetString(0), r.GetInt64(1)));
        }

        return list;
    }

    private static async Task<long> SetVersionAsync(NpgsqlConnection c, NpgsqlTransaction? tx, CancellationToken ct)
    {
        using var q = Cmd(c, tx, "SELECT COALESCE(MAX(version), 0) FROM definition_set_versions");
        return Convert.ToInt64(await q.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task InsertAuditAsync(NpgsqlConnection c, NpgsqlTransaction? tx, AuditRecord record, CancellationToken ct)
    {
        using var a = Cmd(c, tx, "INSERT INTO audit (at, actor, action, subject) VALUES (@at, @actor, @action, @s)",
            ("at", Ms(record.At)), ("actor", record.Actor), ("action", record.Action), ("s", record.Subject));
        await a.ExecuteNonQueryAsync(ct);
    }
}
