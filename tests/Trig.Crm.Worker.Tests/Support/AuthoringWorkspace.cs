using Microsoft.Data.Sqlite;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store.Sqlite;

namespace Trig.Crm.Worker.Tests.Support;

/// <summary>
/// The store the authoring process tests (API and browser) start from, in a folder of
/// <see cref="IngestTestHost.NewDir"/>: a file definition set with one cohort (premium accounts) and four
/// organisations with ARR 50k, 90k, 12k and 900 (three of at least 10k, one of at least 60k: Beta, a Starter).
/// </summary>
internal static class AuthoringWorkspace
{
    /// <summary>Writes the definitions and the store; returns the store file, the definitions folder and the store object.</summary>
    public static async Task<(string Db, string Definitions, SqliteStore Store)> SeedAsync(string dir)
    {
        var db = Path.Combine(dir, "trig.db");
        var definitions = Path.Combine(dir, "lifecycle");
        Directory.CreateDirectory(definitions);
        await File.WriteAllTextAsync(Path.Combine(definitions, "base.yaml"), """
            schema:
              organisation: { name: string, plan: string, arr: number }
            cohorts:
              - key: premium
                name: Premium accounts
                criteria: [ plan = Premium ]
            """);
        var store = new SqliteStore($"Data Source={db}");
        await store.MigrateAsync(default);
        await store.UpsertAsync(
            [.. new[] { ("org-1", "Acme", "Premium", 50000d), ("org-2", "Beta", "Starter", 90000d), ("org-3", "Gamma", "Premium", 12000d), ("org-4", "Delta", "Premium", 900d) }
                .Select(o => new CrmRecord(EntityKind.Organisation, o.Item1, null, new Dictionary<string, AttributeValue>
                {
                    ["name"] = AttributeValue.Of(o.Item2), ["plan"] = AttributeValue.Of(o.Item3), ["arr"] = AttributeValue.Of(o.Item4),
                }))],
            default);
        SqliteConnection.ClearAllPools();
        return (db, definitions, store);
    }
}
