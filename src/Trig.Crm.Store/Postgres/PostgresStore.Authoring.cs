using Npgsql;
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
        List<AuthoredEntry> entries;
        using (var q = Cmd(c, tx, """
                   SELECT a.key, a.section, a.text, a.set_version, v.at, v.actor
                   FROM authored_definitions a JOIN definition_set_versions v ON v.version = a.set_version
                   WHERE a.set_version = (SELECT MAX(b.set_version) FROM authored_definitions b WHERE b.key = a.key) AND a.text IS NOT NULL
                   ORDER BY a.key COLLATE "C"
                   """))
        {
            entries = await AuthoringRows.EntriesAsync(q, cancellationToken);
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
        await AuthoringRows.InsertVersionAsync(sql => Cmd(c, tx, sql), version, change, cancellationToken);

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
        return await AuthoringRows.HistoryAsync(sql => Cmd(c, null, sql), key, cancellationToken);
    }

    public async Task<IReadOnlyList<AuditRecord>> AuditPageAsync(long? before, int limit, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        return await AuthoringRows.AuditPageAsync(sql => Cmd(c, null, sql), before, limit, cancellationToken);
    }

    public async Task AuditAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await InsertAuditAsync(c, null, record, cancellationToken);
    }

    public async Task<IReadOnlyList<ObservedAttribute>> ObservedAttributesAsync(int examples, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        return await AuthoringRows.ObservedAttributesAsync(sql => Cmd(c, null, sql),
            """SELECT kind, name, type, COUNT(*) FROM attributes GROUP BY kind, name, type ORDER BY kind, name COLLATE "C", type""", examples, cancellationToken);
    }

    public async Task<IReadOnlyList<(string Name, long Count)>> ObservedEventsAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, """SELECT name, COUNT(*) FROM events GROUP BY name ORDER BY name COLLATE "C" """);
        return await AuthoringRows.ObservedEventsAsync(q, cancellationToken);
    }

    private static Task<long> SetVersionAsync(NpgsqlConnection c, NpgsqlTransaction? tx, CancellationToken ct) =>
        AuthoringRows.SetVersionAsync(sql => Cmd(c, tx, sql), ct);

    private static Task InsertAuditAsync(NpgsqlConnection c, NpgsqlTransaction? tx, AuditRecord record, CancellationToken ct) =>
        AuthoringRows.InsertAuditAsync(sql => Cmd(c, tx, sql), record, ct);
}
