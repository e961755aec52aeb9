using Microsoft.Data.Sqlite;
using Trig.Crm.Engine.Insights;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;

/// <summary>
/// N organisations in a migrated SQLite store, written with bulk SQL (the store's own layout): a name and, for 90%,
/// a subscription_status; a membership and its transitions for every organisation behaviour, stage and objective of
/// the sample lifecycle it entered. Completion odds follow each organisation's engagement, and inviting a team member
/// within a week raises the odds of staying, like the demo.
/// </summary>
internal static class SyntheticStore
{
    public static async Task WriteAsync(DefinitionSet set, string connectionString, int organisations, int seed = 11)
    {
        var rng = new Random(seed);
        var t0 = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        const long Day = 86_400_000;
        var items = RetentionCalculator.Items(set).ToList();
        var stages = items.Where(d => d.StageKey is not null).Select(d => set.ByKey[d.StageKey!]).Distinct().ToList();
        await using var c = new SqliteConnection(connectionString);
        await c.OpenAsync();
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync();
        var entity = Prepared(c, tx, "INSERT INTO entities (kind, id, updated_at) VALUES (0, $1, $2)", 2);
        var attr = Prepared(c, tx, "INSERT INTO attributes (kind, entity_id, name, type, value) VALUES (0, $1, $2, 0, $3)", 3);
        var member = Prepared(c, tx, "INSERT INTO memberships (kind, entity_id, definition_key, status, entered_at, last_entered, last_completed, last_exited, entries, follow_ups_done) VALUES (0, $1, $2, $3, $4, $4, $5, $6, 1, 0)", 6);
        var transition = Prepared(c, tx, "INSERT INTO transitions (kind, entity_id, definition_key, definition_kind, transition, at, version, reason, run, step) VALUES (0, $1, $2, $3, $4, $5, 'v', 'bench', 1, -1)", 5);
        for (var i = 0; i < organisations; i++)
        {
            var id = $"org-{i:000000}";
            var e = Math.Pow(rng.NextDouble(), 1.5);
            var signup = t0 + (long)(rng.NextDouble() * 120 * Day);
            Run(entity, id, signup);
            Run(attr, id, "name", $"Organisation {i}");
            var stageEntered = new Dictionary<string, (long At, long? Exit)>(StringComparer.Ordinal);
            foreach (var s in stages)
            {
                if (rng.NextDouble() < 0.9)
                {
                    stageEntered[s.Key] = (signup, signup + (30 * Day));
                    Write(member, transition, id, s, signup, null, signup + (30 * Day));
                }
            }

            var earlyInvite = false;
            foreach (var d in items)
            {
                long reference;
                long? exit = null;
                if (d.StageKey is { } stage)
                {
                    if (!stageEntered.TryGetValue(stage, out var se))
                    {
                        continue;
                    }

                    (reference, exit) = se;
                }
                else if (rng.NextDouble() < 0.7)
                {
                    reference = signup + (long)(rng.NextDouble() * 10 * Day);
                }
                else
                {
                    continue;
                }

                long? completed = rng.NextDouble() < 0.2 + (0.6 * e) ? reference + (long)(-Math.Log(1 - rng.NextDouble()) * 8 / (0.2 + e) * Day) : null;
                if (completed > exit)
                {
                    completed = null;
                }

                earlyInvite |= d.Key == "invited_team_member" && completed - reference <= 7 * Day;
                Write(member, transition, id, d, reference, completed, exit);
            }

            if (rng.NextDouble() < 0.9)
            {
                var stays = rng.NextDouble() < (earlyInvite ? 0.9 : 0.35 + (0.3 * e));
                Run(attr, id, "subscription_status", stays ? "active" : "cancelled");
            }
        }

        await tx.CommitAsync();
    }

    private static void Write(SqliteCommand member, SqliteCommand transition, string id, Definition d, long entered, long? completed, long? exit)
    {
        var status = completed is not null ? MembershipStatus.Completed : exit is not null ? MembershipStatus.Exited : MembershipStatus.Active;
        Run(member, id, d.Key, (int)status, entered, completed, completed is null ? exit : null);
        Run(transition, id, d.Key, (int)d.Kind, (int)TransitionKind.Entered, entered);
        if (completed is { } at)
        {
            Run(transition, id, d.Key, (int)d.Kind, (int)TransitionKind.Completed, at);
        }
        else if (exit is { } x)
        {
            Run(transition, id, d.Key, (int)d.Kind, (int)TransitionKind.Exited, x);
        }
    }

    private static SqliteCommand Prepared(SqliteConnection c, SqliteTransaction tx, string sql, int parameters)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        for (var p = 1; p <= parameters; p++)
        {
            cmd.Parameters.Add(new SqliteParameter($"${p}", null));
        }

        return cmd;
    }

    private static void Run(SqliteCommand cmd, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            cmd.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        cmd.ExecuteNonQuery();
    }
}
