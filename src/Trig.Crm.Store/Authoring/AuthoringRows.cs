using System.Data.Common;
using System.Globalization;
using Trig.Crm.Lifecycle.Model;
using static Trig.Crm.Store.StoreSql;

namespace Trig.Crm.Store.Authoring;

/// <summary>
/// The authoring reads and writes both stores run with the same SQL, and the row mapping of the ones whose SQL is
/// the store's (the ordering collation differs). Transactions and the publishers' lock stay with each store.
/// </summary>
internal static class AuthoringRows
{
    private const string SetVersionSql = "SELECT COALESCE(MAX(version), 0) FROM definition_set_versions";

    private const string InsertVersionSql = "INSERT INTO definition_set_versions (version, at, actor, action, summary) VALUES (@v, @at, @actor, @action, @s)";

    private const string HistorySql = """
        SELECT a.key, a.set_version, a.section, a.text, a.diff, v.at, v.actor, v.action
        FROM authored_definitions a JOIN definition_set_versions v ON v.version = a.set_version
        WHERE a.key = @k ORDER BY a.set_version DESC
        """;

    private const string AuditPageSql = "SELECT id, at, actor, action, subject FROM audit WHERE id < @b ORDER BY id DESC LIMIT @l";

    private const string InsertAuditSql = "INSERT INTO audit (at, actor, action, subject) VALUES (@at, @actor, @action, @s)";

    private const string ExamplesSql = "SELECT DISTINCT value FROM attributes WHERE kind = @k AND name = @n AND type = @t LIMIT @l";

    public static async Task<long> SetVersionAsync(Func<string, DbCommand> command, CancellationToken ct)
    {
        using var q = command(SetVersionSql);
        return Convert.ToInt64(await q.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    /// <summary>The latest entry per key, from the store's query (key, section, text, set_version, at, actor).</summary>
    public static Task<List<AuthoredEntry>> EntriesAsync(DbCommand q, CancellationToken ct) =>
        ListAsync(q, r => new AuthoredEntry(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), At(r.GetInt64(4)), r.GetString(5)), ct);

    public static async Task InsertVersionAsync(Func<string, DbCommand> command, long version, AuthoredChange change, CancellationToken ct)
    {
        using var v = command(InsertVersionSql)
            .With("v", version).With("at", change.At.ToUnixTimeMilliseconds()).With("actor", change.Actor).With("action", change.Action).With("s", change.Summary);
        await v.ExecuteNonQueryAsync(ct);
    }

    public static async Task<IReadOnlyList<AuthoredVersion>> HistoryAsync(Func<string, DbCommand> command, string key, CancellationToken ct)
    {
        using var q = command(HistorySql).With("k", key);
        return await ListAsync(q, r => new AuthoredVersion(
            r.GetString(0), r.GetInt64(1), r.GetString(2), Str(r, 3), r.GetString(4), At(r.GetInt64(5)), r.GetString(6), r.GetString(7)), ct);
    }

    public static async Task<IReadOnlyList<AuditRecord>> AuditPageAsync(Func<string, DbCommand> command, long? before, int limit, CancellationToken ct)
    {
        using var q = command(AuditPageSql).With("b", before ?? long.MaxValue).With("l", limit);
        return await ListAsync(q, r => new AuditRecord(r.GetInt64(0), At(r.GetInt64(1)), r.GetString(2), r.GetString(3), r.GetString(4)), ct);
    }

    public static async Task InsertAuditAsync(Func<string, DbCommand> command, AuditRecord record, CancellationToken ct)
    {
        using var a = command(InsertAuditSql)
            .With("at", record.At.ToUnixTimeMilliseconds()).With("actor", record.Actor).With("action", record.Action).With("s", record.Subject);
        await a.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// The attributes seen per kind, name and type (<paramref name="groupsSql"/>: kind, name, type, count, in the
    /// store's order), each with up to <paramref name="examples"/> distinct values.
    /// </summary>
    public static async Task<IReadOnlyList<ObservedAttribute>> ObservedAttributesAsync(
        Func<string, DbCommand> command, string groupsSql, int examples, CancellationToken ct)
    {
        List<(EntityKind Kind, string Name, ValueKind Type, long Count)> list;
        using (var q = command(groupsSql))
        {
            list = await ListAsync(q, r => ((EntityKind)r.GetInt32(0), r.GetString(1), (ValueKind)r.GetInt32(2), r.GetInt64(3)), ct);
        }

        var result = new List<ObservedAttribute>(list.Count);
        // One command for every group: the parameters are set per group (k, n, t in the order they were added).
        using var ex = command(ExamplesSql).With("k", 0).With("n", "").With("t", 0).With("l", examples);
        foreach (var (kind, name, type, count) in list)
        {
            ex.Parameters[0].Value = (int)kind;
            ex.Parameters[1].Value = name;
            ex.Parameters[2].Value = (int)type;
            var values = await ListAsync(ex, r => r.GetString(0), ct);
            result.Add(new ObservedAttribute(kind, name, type, count, values));
        }

        return result;
    }

    /// <summary>The event names seen and their counts, from the store's query (name, count).</summary>
    public static async Task<IReadOnlyList<(string Name, long Count)>> ObservedEventsAsync(DbCommand q, CancellationToken ct) =>
        await ListAsync(q, r => (r.GetString(0), r.GetInt64(1)), ct);
}
