using Microsoft.Data.Sqlite;
using Trig.Crm.Store.Authoring;

namespace Trig.Crm.Store.Sqlite;

public sealed partial class SqliteStore
{
    public async Task<long> AuthoredSetVersionAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        return await SetVersionAsync(c, null, cancellationToken);
    }

    public async Task<AuthoredSet> LoadAuthoredAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        // One read snapshot: the version and the entries must agree.
        await using var tx = c.BeginTransaction(deferred: true);
        var version = await SetVersionAsync(c, tx, cancellationToken);
        using var q = Cmd(c, tx, """
            SELECT a.key, a.section, a.text, a.set_version, v.at, v.actor
            FROM authored_definitions a JOIN definition_set_versions v ON v.version = a.set_version
            WHERE a.set_version = (SELECT MAX(b.set_version) FROM authored_definitions b WHERE b.key = a.key) AND a.text IS NOT NULL
            ORDER BY a.key
            """);
        var entries = await AuthoringRows.EntriesAsync(q, cancellationToken);
        return new AuthoredSet(version, entries);
    }

    public async Task<long?> PublishAsync(AuthoredChange change, long expectedVersion, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);

        // Not deferred (BEGIN IMMEDIATE): the version check and the insert must not interleave with another publisher
        // (the CLI and the service share the file).
        await using var tx = c.BeginTransaction(deferred: false);
        if (await SetVersionAsync(c, tx, cancellationToken) != expectedVersion)
        {
            return null;
        }

        var version = expectedVersion + 1;
        await AuthoringRows.InsertVersionAsync(sql => Cmd(c, tx, sql), version, change, cancellationToken);

        using (var ins = Prepared(c, tx, "INSERT INTO authored_definitions (key, set_version, section, text, diff) VALUES ($k, $v, $sec, $t, $d)", "$k", "$v", "$sec", "$t", "$d"))
        {
            foreach (var e in change.Edits)
            {
                Set(ins, e.Key, version, e.Section, e.Text, e.Diff);
                await ins.ExecuteNonQueryAsync(cancellationToken);
            }
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
            "SELECT kind, name, type, COUNT(*) FROM attributes GROUP BY kind, name, type ORDER BY kind, name, type", examples, cancellationToken);
    }

    public async Task<IReadOnlyList<(string Name, long Count)>> ObservedEventsAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, "SELECT name, COUNT(*) FROM events GROUP BY name ORDER BY name");
        return await AuthoringRows.ObservedEventsAsync(q, cancellationToken);
    }

    private static Task<long> SetVersionAsync(SqliteConnection c, SqliteTransaction? tx, CancellationToken ct) =>
        AuthoringRows.SetVersionAsync(sql => Cmd(c, tx, sql), ct);

    private static Task InsertAuditAsync(SqliteConnection c, SqliteTransaction? tx, AuditRecord record, CancellationToken ct) =>
        AuthoringRows.InsertAuditAsync(sql => Cmd(c, tx, sql), record, ct);
}
