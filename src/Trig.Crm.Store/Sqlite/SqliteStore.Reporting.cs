using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Store.Sqlite;

public sealed partial class SqliteStore
{
    public async Task<IReadOnlyList<StoredTransition>> TransitionsForAsync(EntityKind kind, string id, int limit, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        return await TransitionsForAsync(c, kind, id, limit, cancellationToken);
    }

    public async Task<(EntityState Entity, IReadOnlyList<StoredTransition> Transitions)?> LoadCardDataAsync(EntityKind kind, string id, int transitions, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        var entity = await LoadEntityAsync(c, kind, id, cancellationToken);
        return entity is null ? null : (entity, await TransitionsForAsync(c, kind, id, transitions, cancellationToken));
    }

    private static async Task<IReadOnlyList<StoredTransition>> TransitionsForAsync(Microsoft.Data.Sqlite.SqliteConnection c, EntityKind kind, string id, int limit, CancellationToken cancellationToken)
    {
        using var q = Cmd(c, null, """
            SELECT id, kind, entity_id, definition_key, definition_kind, transition, at, version, reason, run, step
            FROM transitions WHERE kind = $k AND entity_id = $id ORDER BY id DESC LIMIT $l
            """, ("$k", (int)kind), ("$id", id), ("$l", limit));
        await using var r = await q.ExecuteReaderAsync(cancellationToken);
        var list = new List<StoredTransition>();
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new StoredTransition(r.GetInt64(0), new Transition(
                (EntityKind)r.GetInt32(1), r.GetString(2), r.GetString(3), (DefinitionKind)r.GetInt32(4), (TransitionKind)r.GetInt32(5),
                At(r.GetInt64(6)), r.GetString(7), r.GetString(8), r.GetInt32(9), r.GetInt32(10))));
        }

        return list;
    }

    public async Task<IReadOnlyList<DefinitionMetrics>> MetricsAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        var counts = new Dictionary<string, (int Entered, int Completed, int Exited)>(StringComparer.Ordinal);
        using (var q = Cmd(c, null, "SELECT definition_key, transition, COUNT(*) FROM transitions WHERE transition < 3 GROUP BY definition_key, transition"))
        await using (var r = await q.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                var cur = counts.GetValueOrDefault(r.GetString(0));
                var n = r.GetInt32(2);
                cur = (TransitionKind)r.GetInt32(1) switch
                {
                    TransitionKind.Entered => cur with { Entered = n },
                    TransitionKind.Completed => cur with { Completed = n },
                    _ => cur with { Exited = n },
                };
                counts[r.GetString(0)] = cur;
            }
        }

        var active = new Dictionary<string, int>(StringComparer.Ordinal);
        var durations = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        using (var q = Cmd(c, null, "SELECT definition_key, status, entered_at, last_completed FROM memberships"))
        await using (var r = await q.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                var key = r.GetString(0);
                var status = (MembershipStatus)r.GetInt32(1);
                if (status == MembershipStatus.Active)
                {
                    active[key] = active.GetValueOrDefault(key) + 1;
                }
                else if (status == MembershipStatus.Completed && !r.IsDBNull(3))
                {
                    if (!durations.TryGetValue(key, out var list))
                    {
                        durations[key] = list = [];
                    }

                    list.Add((r.GetInt64(3) - r.GetInt64(2)) / 86_400_000d);
                }
            }
        }

        var result = new List<DefinitionMetrics>();
        foreach (var key in counts.Keys.Union(active.Keys).Order(StringComparer.Ordinal))
        {
            var (entered, completed, exited) = counts.GetValueOrDefault(key);
            double? median = null, mean = null;
            if (durations.TryGetValue(key, out var ds) && ds.Count > 0)
            {
                ds.Sort();
                median = ds.Count % 2 == 1 ? ds[ds.Count / 2] : (ds[(ds.Count / 2) - 1] + ds[ds.Count / 2]) / 2;
                mean = ds.Average();
            }

            result.Add(new DefinitionMetrics(key, entered, completed, exited, active.GetValueOrDefault(key),
                completed + exited == 0 ? null : (double)completed / (completed + exited), median, mean));
        }

        return result;
    }

    public async Task<IReadOnlyList<(DateTimeOffset At, string Actor, string Action, string Subject)>> AuditAsync(int limit, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        using var q = Cmd(c, null, "SELECT at, actor, action, subject FROM audit ORDER BY id DESC LIMIT $l", ("$l", limit));
        await using var r = await q.ExecuteReaderAsync(cancellationToken);
        var list = new List<(DateTimeOffset, string, string, string)>();
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add((At(r.GetInt64(0)), r.GetString(1), r.GetString(2), r.GetString(3)));
        }

        return list;
    }
}
