using System.Data.Common;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Store.Evaluation;

/// <summary>Entities with their attributes and memberships as both stores read them, and the unit that holds one entity.</summary>
/// <remarks>
/// The queries stay with each store (PostgreSQL batches them or passes ids as arrays, SQLite selects through its
/// temp table); the columns they return are read here.
/// </remarks>
internal static class UnitRows
{
    public const string MembershipColumns = "definition_key, status, entered_at, last_entered, last_completed, last_exited, entries, follow_ups_done, detail";

    /// <summary>The columns with the table alias <c>t.</c> before each.</summary>
    public static string Prefixed(string columns) => string.Join(", ", columns.Split(", ").Select(col => "t." + col));

    /// <summary>Reads (kind, id, organisation_id, owner_email, record_url).</summary>
    public static EntityState ReadEntity(DbDataReader r) =>
        new((EntityKind)r.GetInt32(0), r.GetString(1))
        {
            OrganisationId = StoreSql.Str(r, 2),
            OwnerEmail = StoreSql.Str(r, 3),
            RecordUrl = StoreSql.Str(r, 4),
        };

    /// <summary>Reads (name, type, value) from column <paramref name="at"/>; unparseable or empty values are left out.</summary>
    public static void AddAttribute(EntityState e, DbDataReader r, int at)
    {
        if (AttributeValue.TryParse(r.GetString(at + 2), (ValueKind)r.GetInt32(at + 1), out var v) && !v.IsNone)
        {
            e.Attributes[r.GetString(at)] = v;
        }
    }

    /// <summary>Reads the <see cref="MembershipColumns"/> starting at column <paramref name="at"/>.</summary>
    public static Membership ReadMembership(DbDataReader r, int at) =>
        new(r.GetString(at))
        {
            Status = (MembershipStatus)r.GetInt32(at + 1),
            EnteredAt = StoreSql.At(r.GetInt64(at + 2)),
            LastEntered = r.IsDBNull(at + 3) ? null : StoreSql.At(r.GetInt64(at + 3)),
            LastCompleted = r.IsDBNull(at + 4) ? null : StoreSql.At(r.GetInt64(at + 4)),
            LastExited = r.IsDBNull(at + 5) ? null : StoreSql.At(r.GetInt64(at + 5)),
            Entries = r.GetInt32(at + 6),
            FollowUpsDone = r.GetInt32(at + 7),
            Detail = StoreSql.Str(r, at + 8),
        };

    /// <summary>Runs a query whose first two columns are (kind, entity id) and applies each row to its loaded entity.</summary>
    public static async Task ForEachRowAsync(DbCommand q, Dictionary<(int, string), EntityState> entities, Action<EntityState, DbDataReader> apply, CancellationToken ct)
    {
        await using var r = await q.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            if (entities.TryGetValue((r.GetInt32(0), r.GetString(1)), out var e))
            {
                apply(e, r);
            }
        }
    }

    /// <summary>Whether the entity is stored, and the organisation whose unit holds it (null: a person without one).</summary>
    public static async Task<(bool Found, string? Organisation)> OrganisationOfAsync(Func<string, DbCommand> command, EntityKind kind, string id, CancellationToken ct)
    {
        using var q = command("SELECT organisation_id FROM entities WHERE kind = @k AND id = @id").With("k", (int)kind).With("id", id);
        await using var r = await q.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct))
        {
            return (false, null);
        }

        return (true, kind == EntityKind.Organisation ? id : StoreSql.Str(r, 0));
    }

    /// <summary>The unit of <paramref name="organisation"/> (or of the orphan person) and the entity in it, loaded by <paramref name="loadUnits"/>.</summary>
    public static async Task<(EvaluationUnit Unit, EntityState Entity)?> UnitOfAsync(
        EntityKind kind, string id, string? organisation, Func<IReadOnlyCollection<string>, IReadOnlyCollection<string>, Task<List<EvaluationUnit>>> loadUnits)
    {
        var units = organisation is null ? await loadUnits([], [id]) : await loadUnits([organisation], []);
        foreach (var u in units)
        {
            var e = u.Entities.FirstOrDefault(x => x.Kind == kind && x.Id == id);
            if (e is not null)
            {
                return (u, e);
            }
        }

        return null;
    }
}
