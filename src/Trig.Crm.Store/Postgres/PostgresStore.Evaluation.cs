using System.Text.Json;
using Npgsql;
using Trig.Crm.Lifecycle.Actions;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Store.Sqlite;

using Trig.Crm.Store.Evaluation;
using Trig.Crm.Store.Reporting;

namespace Trig.Crm.Store.Postgres;

public sealed partial class PostgresStore
{
    public async Task<Dictionary<string, DefinitionRuntime>> SyncDefinitionsAsync(DefinitionSet set, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        var defs = set.All.GroupBy(d => d.Key, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        if (defs.Count > 0)
        {
            using var up = Cmd(c, tx, """
                INSERT INTO definitions (key, live_at, version, paused_by_admin, updated_at)
                SELECT k, @now, v, 0, @now FROM unnest(@k, @v) AS x(k, v)
                ON CONFLICT (key) DO UPDATE SET version = excluded.version,
                    updated_at = CASE WHEN definitions.version = excluded.version THEN definitions.updated_at ELSE excluded.updated_at END
                """, ("now", Ms(now)), ("k", defs.Select(d => d.Key).ToArray()), ("v", defs.Select(d => d.Version).ToArray()));
            await up.ExecuteNonQueryAsync(cancellationToken);
        }

        var result = await ReadDefinitionRuntimeAsync(c, tx, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        _lastDefinitions = set;
        return result;
    }

    public async Task<Dictionary<string, DefinitionRuntime>> LoadDefinitionRuntimeAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        return await ReadDefinitionRuntimeAsync(c, null, cancellationToken);
    }

    private static Task<Dictionary<string, DefinitionRuntime>> ReadDefinitionRuntimeAsync(NpgsqlConnection c, NpgsqlTransaction? tx, CancellationToken ct) =>
        EvaluationRows.DefinitionRuntimeAsync(sql => Cmd(c, tx, sql), ct);

    public async Task SetPausedAsync(string key, bool paused, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        await EvaluationRows.SetPausedAsync(sql => Cmd(c, tx, sql), key, paused, now, cancellationToken);
        await AuditAsync(c, tx, now, actor, paused ? "pause" : "resume", [key], cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    internal static async Task AuditAsync(NpgsqlConnection c, NpgsqlTransaction tx, DateTimeOffset now, string actor, string action, string[] subjects, CancellationToken ct)
    {
        if (subjects.Length == 0)
        {
            return;
        }

        using var a = Cmd(c, tx, "INSERT INTO audit (at, actor, action, subject) SELECT @at, @actor, @action, s FROM unnest(@s) WITH ORDINALITY AS x(s, n) ORDER BY n",
            ("at", Ms(now)), ("actor", actor), ("action", action), ("s", subjects));
        await a.ExecuteNonQueryAsync(ct);
    }

    public async Task SaveBenchmarksAsync(IReadOnlyDictionary<(string Stage, string Objective), Benchmark> benchmarks, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        using (var d = Cmd(c, tx, "DELETE FROM benchmarks"))
        {
            await d.ExecuteNonQueryAsync(cancellationToken);
        }

        var list = benchmarks.Values.ToList();
        using (var ins = Cmd(c, tx, "INSERT INTO benchmarks (stage_key, objective_key, mean_seconds, completions) SELECT * FROM unnest(@s, @o, @m, @n)",
                   ("s", list.Select(b => b.StageKey).ToArray()), ("o", list.Select(b => b.ObjectiveKey).ToArray()),
                   ("m", list.Select(b => b.Mean.TotalSeconds).ToArray()), ("n", list.Select(b => b.Completions).ToArray())))
        {
            await ins.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
    }

    public async Task<Dictionary<(string Stage, string Objective), Benchmark>> LoadBenchmarksAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        return await EvaluationRows.LoadBenchmarksAsync(sql => Cmd(c, null, sql), cancellationToken);
    }

    public async Task<DateTimeOffset?> GetLastCycleAsync(CancellationToken cancellationToken) =>
        EvaluationRows.LastCycle(await GetCheckpointAsync(EvaluationRows.LastCycleKey, cancellationToken));

    public async Task CommitAsync(EvaluationResult result, DefinitionSet set, DateTimeOffset? cycleAt, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        await WriteEvaluationAsync(c, tx, result, set, cancellationToken);
        if (cycleAt is { } at)
        {
            await SetLastCycleAsync(c, tx, at, cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>Transitions, memberships, outbox rows and attribute changes, inside the caller's transaction.</summary>
    private async Task WriteEvaluationAsync(NpgsqlConnection c, NpgsqlTransaction tx, EvaluationResult result, DefinitionSet set, CancellationToken cancellationToken)
    {
        var rows = 0;
        void Row() => CommitFaultInjector?.Invoke(++rows);

        var ids = await WriteTransitionsAsync(c, tx, result.Transitions, Row, cancellationToken);
        await WriteMembershipsAsync(c, tx, result.Memberships, Row, cancellationToken);
        await WriteOutboxAsync(c, tx, result.Actions, ids, set, Row, cancellationToken);
        var attributes = new PostgresAttributeWrites();
        foreach (var ch in result.AttributeChanges)
        {
            attributes.Add(ch.EntityKind, ch.EntityId, ch.Name, ch.Value);
            Row();
        }

        await attributes.FlushAsync(c, tx, cancellationToken);
        await MetricTotals.AddAsync(c, tx, result.Transitions, runs => StoredEntriesAsync(c, tx, runs, cancellationToken), cancellationToken);
    }

    /// <summary>The latest stored entry of each run (for completions whose entry an earlier commit recorded): one round trip for all.</summary>
    private static async Task<IReadOnlyDictionary<RunKey, long>> StoredEntriesAsync(NpgsqlConnection c, NpgsqlTransaction tx, IReadOnlyCollection<RunKey> runs, CancellationToken ct)
    {
        var found = new Dictionary<RunKey, long>();
        using var q = Cmd(c, tx, """
            SELECT u.k, u.id, u.d, u.r, (SELECT e.at FROM transitions e
                WHERE e.kind = u.k AND e.entity_id = u.id AND e.definition_key = u.d AND e.run = u.r AND e.transition = 0 ORDER BY e.id DESC LIMIT 1)
            FROM unnest(@k, @id, @d, @r) AS u(k, id, d, r)
            """, ("k", runs.Select(r => r.Kind).ToArray()), ("id", runs.Select(r => r.EntityId).ToArray()),
            ("d", runs.Select(r => r.DefinitionKey).ToArray()), ("r", runs.Select(r => r.Run).ToArray()));
        await using var r = await q.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            if (!r.IsDBNull(4))
            {
                found[new RunKey(r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetInt32(3))] = r.GetInt64(4);
            }
        }

        return found;
    }

    private static Task SetLastCycleAsync(NpgsqlConnection c, NpgsqlTransaction tx, DateTimeOffset at, CancellationToken cancellationToken) =>
        EvaluationRows.SetLastCycleAsync(sql => Cmd(c, tx, sql), at, cancellationToken);

    private static async Task<Dictionary<Transition, long>> WriteTransitionsAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, IReadOnlyList<Transition> transitions, Action row, CancellationToken ct)
    {
        // By reference: the outbox rows find their transition's id through the very object the evaluation recorded.
        var ids = new Dictionary<Transition, long>(ReferenceEqualityComparer.Instance);
        if (transitions.Count == 0)
        {
            return ids;
        }

        // The ids are drawn from the identity first, so the rows go in as one statement and each keeps its id.
        var drawn = new List<long>(transitions.Count);
        using (var seq = Cmd(c, tx, "SELECT nextval(pg_get_serial_sequence('transitions', 'id')) FROM generate_series(1, @n)", ("n", transitions.Count)))
        await using (var r = await seq.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                drawn.Add(r.GetInt64(0));
            }
        }

        for (var i = 0; i < transitions.Count; i++)
        {
            ids[transitions[i]] = drawn[i];
            row();
        }

        // Binary COPY: the bulk of a first cycle's writes, streamed in the shard's transaction (its ids drawn above).
        await using (var copy = await c.BeginBinaryImportAsync(
                         "COPY transitions (id, kind, entity_id, definition_key, definition_kind, transition, at, version, reason, run, step) FROM STDIN (FORMAT BINARY)", ct))
        {
            for (var i = 0; i < transitions.Count; i++)
            {
                var t = transitions[i];
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(drawn[i], NpgsqlTypes.NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync((int)t.EntityKind, NpgsqlTypes.NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(t.EntityId, NpgsqlTypes.NpgsqlDbType.Text, ct);
                await copy.WriteAsync(t.DefinitionKey, NpgsqlTypes.NpgsqlDbType.Text, ct);
                await copy.WriteAsync((int)t.DefinitionKind, NpgsqlTypes.NpgsqlDbType.Integer, ct);
                await copy.WriteAsync((int)t.Kind, NpgsqlTypes.NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(Ms(t.At), NpgsqlTypes.NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(t.DefinitionVersion, NpgsqlTypes.NpgsqlDbType.Text, ct);
                await copy.WriteAsync(t.Reason, NpgsqlTypes.NpgsqlDbType.Text, ct);
                await copy.WriteAsync(t.Run, NpgsqlTypes.NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(t.FollowUpStep, NpgsqlTypes.NpgsqlDbType.Integer, ct);
            }

            await copy.CompleteAsync(ct);
        }

        return ids;
    }

    private static async Task WriteMembershipsAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, IReadOnlyList<(EntityState Entity, Membership Membership)> memberships, Action row, CancellationToken ct)
    {
        // The last state of a membership named twice wins, as row by row; one statement may not update a row twice.
        var last = new Dictionary<(int, string, string), Membership>();
        foreach (var (e, m) in memberships)
        {
            last[((int)e.Kind, e.Id, m.Key)] = m;
            row();
        }

        if (last.Count == 0)
        {
            return;
        }

        var keys = last.Keys.ToList();
        var ms = last.Values.ToList();
        using var up = Cmd(c, tx, """
            INSERT INTO memberships (kind, entity_id, definition_key, status, entered_at, last_entered, last_completed, last_exited, entries, follow_ups_done, detail)
            SELECT * FROM unnest(@k, @id, @d, @s, @e, @le, @lc, @lx, @n, @f, @detail)
            ON CONFLICT (kind, entity_id, definition_key) DO UPDATE SET status = excluded.status, entered_at = excluded.entered_at,
              last_entered = excluded.last_entered, last_completed = excluded.last_completed, last_exited = excluded.last_exited,
              entries = excluded.entries, follow_ups_done = excluded.follow_ups_done, detail = excluded.detail
            """,
            ("k", keys.Select(k => k.Item1).ToArray()), ("id", keys.Select(k => k.Item2).ToArray()), ("d", keys.Select(k => k.Item3).ToArray()),
            ("s", ms.Select(m => (int)m.Status).ToArray()), ("e", ms.Select(m => Ms(m.EnteredAt)).ToArray()),
            ("le", ms.Select(m => Ms(m.LastEntered)).ToArray()), ("lc", ms.Select(m => Ms(m.LastCompleted)).ToArray()),
            ("lx", ms.Select(m => Ms(m.LastExited)).ToArray()), ("n", ms.Select(m => m.Entries).ToArray()),
            ("f", ms.Select(m => m.FollowUpsDone).ToArray()), ("detail", ms.Select(m => m.Detail).ToArray()));
        await up.ExecuteNonQueryAsync(ct);
    }

    private static async Task WriteOutboxAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, IReadOnlyList<PendingAction> actions, Dictionary<Transition, long> ids, DefinitionSet set, Action row, CancellationToken ct)
    {
        if (actions.Count == 0)
        {
            return;
        }

        var rows = new List<(string Key, long Tid, string Kind, string Payload, Transition T, string Name, string Status)>(actions.Count);
        foreach (var a in actions)
        {
            var t = a.Transition;
            var tid = ids[t];
            var name = set.ByKey.TryGetValue(t.DefinitionKey, out var def) ? def.Name : t.DefinitionKey;
            var status = a.Executed ? OutboxStatus.Done : OutboxStatus.Pending;
            rows.Add((SqliteStore.IdempotencyKey(t, tid, a.ActionIndex), tid, a.Action.Kind, JsonSerializer.Serialize<ActionSpec>(a.Action, SqliteStore.Json), t, name, status.ToText()));
            row();
        }

        using var ob = Cmd(c, tx, """
            INSERT INTO outbox (idempotency_key, transition_id, action_kind, payload, definition_key, definition_name, definition_kind,
              transition, entity_kind, entity_id, occurred_at, status, attempts, next_attempt_at, updated_at)
            SELECT key, tid, ak, p, d, dn, dk, t, ek, eid, at, s, 0, at, at
            FROM unnest(@key, @tid, @ak, @p, @d, @dn, @dk, @t, @ek, @eid, @at, @s) WITH ORDINALITY
                AS x(key, tid, ak, p, d, dn, dk, t, ek, eid, at, s, n)
            ORDER BY n
            """,
            ("key", rows.Select(r => r.Key).ToArray()), ("tid", rows.Select(r => r.Tid).ToArray()), ("ak", rows.Select(r => r.Kind).ToArray()),
            ("p", rows.Select(r => r.Payload).ToArray()), ("d", rows.Select(r => r.T.DefinitionKey).ToArray()), ("dn", rows.Select(r => r.Name).ToArray()),
            ("dk", rows.Select(r => (int)r.T.DefinitionKind).ToArray()), ("t", rows.Select(r => r.T.Name).ToArray()),
            ("ek", rows.Select(r => (int)r.T.EntityKind).ToArray()), ("eid", rows.Select(r => r.T.EntityId).ToArray()),
            ("at", rows.Select(r => Ms(r.T.At)).ToArray()), ("s", rows.Select(r => r.Status).ToArray()));
        await ob.ExecuteNonQueryAsync(ct);
    }
}
