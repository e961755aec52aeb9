using System.Text.Json;
using Microsoft.Data.Sqlite;
using Trig.Crm.Lifecycle.Actions;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;

using Trig.Crm.Store.Authoring;
using Trig.Crm.Store.Evaluation;
using Trig.Crm.Store.Reporting;

namespace Trig.Crm.Store.Sqlite;

public sealed partial class SqliteStore
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<Dictionary<string, DefinitionRuntime>> SyncDefinitionsAsync(DefinitionSet set, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        using var up = Prepared(c, tx, """
            INSERT INTO definitions (key, live_at, version, paused_by_admin, updated_at) VALUES ($k, $now, $v, 0, $now)
            ON CONFLICT (key) DO UPDATE SET version = excluded.version, updated_at = CASE WHEN definitions.version = excluded.version THEN definitions.updated_at ELSE excluded.updated_at END
            """, "$k", "$now", "$v");
        foreach (var d in set.All)
        {
            Set(up, d.Key, Ms(now), d.Version);
            await up.ExecuteNonQueryAsync(cancellationToken);
        }

        var result = await EvaluationRows.DefinitionRuntimeAsync(sql => Cmd(c, tx, sql), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        _lastDefinitions = set;
        return result;
    }

    public async Task<Dictionary<string, DefinitionRuntime>> LoadDefinitionRuntimeAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        return await EvaluationRows.DefinitionRuntimeAsync(sql => Cmd(c, null, sql), cancellationToken);
    }

    public async Task SetPausedAsync(string key, bool paused, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        await EvaluationRows.SetPausedAsync(sql => Cmd(c, tx, sql), key, paused, now, cancellationToken);
        await AuthoringRows.InsertAuditAsync(sql => Cmd(c, tx, sql), new AuditRecord(0, now, actor, paused ? "pause" : "resume", key), cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    public async Task SaveBenchmarksAsync(IReadOnlyDictionary<(string Stage, string Objective), Benchmark> benchmarks, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        using (var d = Cmd(c, tx, "DELETE FROM benchmarks"))
        {
            await d.ExecuteNonQueryAsync(cancellationToken);
        }

        using var ins = Prepared(c, tx, "INSERT INTO benchmarks (stage_key, objective_key, mean_seconds, completions) VALUES ($s, $o, $m, $n)", "$s", "$o", "$m", "$n");
        foreach (var b in benchmarks.Values)
        {
            Set(ins, b.StageKey, b.ObjectiveKey, b.Mean.TotalSeconds, b.Completions);
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

    /// <summary>The outbox idempotency key: definition, entity, transition id, action index and follow-up step.</summary>
    internal static string IdempotencyKey(Transition t, long transitionId, int actionIndex) =>
        $"{t.DefinitionKey}:{(t.EntityKind == Lifecycle.Model.EntityKind.Organisation ? "org" : "person")}:{t.EntityId}:{transitionId}:{actionIndex}:{t.FollowUpStep}";

    public async Task CommitAsync(EvaluationResult result, DefinitionSet set, DateTimeOffset? cycleAt, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        await WriteEvaluationAsync(c, tx, result, set, cancellationToken);
        if (cycleAt is { } at)
        {
            await SetLastCycleAsync(c, tx, at, cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>Transitions, memberships, outbox rows and attribute changes, inside the caller's transaction.</summary>
    private async Task WriteEvaluationAsync(SqliteConnection c, SqliteTransaction tx, EvaluationResult result, DefinitionSet set, CancellationToken cancellationToken)
    {
        var rows = 0;
        void Row() => CommitFaultInjector?.Invoke(++rows);

        var ids = await WriteTransitionsAsync(c, tx, result.Transitions, Row, cancellationToken);
        await WriteMembershipsAsync(c, tx, result.Memberships, Row, cancellationToken);
        await WriteOutboxAsync(c, tx, result.Actions, ids, set, Row, cancellationToken);
        await WriteAttributeChangesAsync(c, tx, result.AttributeChanges, Row, cancellationToken);
        await MetricTotals.AddAsync(c, tx, result.Transitions, runs => StoredEntriesAsync(c, tx, runs, cancellationToken), cancellationToken);
    }

    /// <summary>The latest stored entry of each run (for completions whose entry an earlier commit recorded): one indexed lookup each.</summary>
    private static async Task<IReadOnlyDictionary<RunKey, long>> StoredEntriesAsync(SqliteConnection c, SqliteTransaction tx, IReadOnlyCollection<RunKey> runs, CancellationToken ct)
    {
        var found = new Dictionary<RunKey, long>();
        using var q = Prepared(c, tx, MetricTotals.StoredEntrySql, "@k", "@id", "@d", "@r");
        foreach (var run in runs)
        {
            Set(q, run.Kind, run.EntityId, run.DefinitionKey, run.Run);
            if (await q.ExecuteScalarAsync(ct) is long at)
            {
                found[run] = at;
            }
        }

        return found;
    }

    private static Task SetLastCycleAsync(SqliteConnection c, SqliteTransaction tx, DateTimeOffset at, CancellationToken cancellationToken) =>
        EvaluationRows.SetLastCycleAsync(sql => Cmd(c, tx, sql), at, cancellationToken);

    private static async Task<Dictionary<Transition, long>> WriteTransitionsAsync(
        SqliteConnection c, SqliteTransaction tx, IReadOnlyList<Transition> transitions, Action row, CancellationToken ct)
    {
        // By reference: the outbox rows find their transition's id through the very object the evaluation recorded.
        var ids = new Dictionary<Transition, long>(ReferenceEqualityComparer.Instance);
        using var ins = Prepared(c, tx, """
            INSERT INTO transitions (kind, entity_id, definition_key, definition_kind, transition, at, version, reason, run, step)
            VALUES ($k, $id, $d, $dk, $t, $at, $v, $r, $run, $step) RETURNING id
            """, "$k", "$id", "$d", "$dk", "$t", "$at", "$v", "$r", "$run", "$step");
        foreach (var t in transitions)
        {
            Set(ins, (int)t.EntityKind, t.EntityId, t.DefinitionKey, (int)t.DefinitionKind, (int)t.Kind, Ms(t.At), t.DefinitionVersion, t.Reason, t.Run, t.FollowUpStep);
            ids[t] = (long)(await ins.ExecuteScalarAsync(ct))!;
            row();
        }

        return ids;
    }

    private static async Task WriteMembershipsAsync(
        SqliteConnection c, SqliteTransaction tx, IReadOnlyList<(EntityState Entity, Membership Membership)> memberships, Action row, CancellationToken ct)
    {
        using var up = Prepared(c, tx, """
            INSERT INTO memberships (kind, entity_id, definition_key, status, entered_at, last_entered, last_completed, last_exited, entries, follow_ups_done, detail)
            VALUES ($k, $id, $d, $s, $e, $le, $lc, $lx, $n, $f, $detail)
            ON CONFLICT (kind, entity_id, definition_key) DO UPDATE SET status = excluded.status, entered_at = excluded.entered_at,
              last_entered = excluded.last_entered, last_completed = excluded.last_completed, last_exited = excluded.last_exited,
              entries = excluded.entries, follow_ups_done = excluded.follow_ups_done, detail = excluded.detail
            """, "$k", "$id", "$d", "$s", "$e", "$le", "$lc", "$lx", "$n", "$f", "$detail");
        foreach (var (e, m) in memberships)
        {
            Set(up, (int)e.Kind, e.Id, m.Key, (int)m.Status, Ms(m.EnteredAt), m.LastEntered is { } a ? Ms(a) : null,
                m.LastCompleted is { } b ? Ms(b) : null, m.LastExited is { } x ? Ms(x) : null, m.Entries, m.FollowUpsDone, m.Detail);
            await up.ExecuteNonQueryAsync(ct);
            row();
        }
    }

    private static async Task WriteOutboxAsync(
        SqliteConnection c, SqliteTransaction tx, IReadOnlyList<PendingAction> actions, Dictionary<Transition, long> ids, DefinitionSet set, Action row, CancellationToken ct)
    {
        using var ob = Prepared(c, tx, """
            INSERT INTO outbox (idempotency_key, transition_id, action_kind, payload, definition_key, definition_name, definition_kind,
              transition, entity_kind, entity_id, occurred_at, status, attempts, next_attempt_at, updated_at)
            VALUES ($key, $tid, $ak, $p, $d, $dn, $dk, $t, $ek, $eid, $at, $s, 0, $at, $at)
            """, "$key", "$tid", "$ak", "$p", "$d", "$dn", "$dk", "$t", "$ek", "$eid", "$at", "$s");
        foreach (var a in actions)
        {
            var t = a.Transition;
            var tid = ids[t];
            var name = set.ByKey.TryGetValue(t.DefinitionKey, out var def) ? def.Name : t.DefinitionKey;
            var status = a.Executed ? OutboxStatus.Done : OutboxStatus.Pending;
            Set(ob, IdempotencyKey(t, tid, a.ActionIndex), tid, a.Action.Kind, JsonSerializer.Serialize<ActionSpec>(a.Action, Json), t.DefinitionKey, name,
                (int)t.DefinitionKind, t.Name, (int)t.EntityKind, t.EntityId, Ms(t.At), status.ToText());
            await ob.ExecuteNonQueryAsync(ct);
            row();
        }
    }

    private static async Task WriteAttributeChangesAsync(SqliteConnection c, SqliteTransaction tx, IReadOnlyList<AttributeChange> changes, Action row, CancellationToken ct)
    {
        if (changes.Count == 0)
        {
            return;
        }

        using var attr = Prepared(c, tx, UpsertAttributeSql, "$k", "$id", "$n", "$t", "$v");
        using var del = Prepared(c, tx, DeleteAttributeSql, "$k", "$id", "$n");
        foreach (var ch in changes)
        {
            if (ch.Value.IsNone)
            {
                Set(del, (int)ch.EntityKind, ch.EntityId, ch.Name);
                await del.ExecuteNonQueryAsync(ct);
            }
            else
            {
                Set(attr, (int)ch.EntityKind, ch.EntityId, ch.Name, (int)ch.Value.Kind, ch.Value.ToString());
                await attr.ExecuteNonQueryAsync(ct);
            }

            row();
        }
    }
}
