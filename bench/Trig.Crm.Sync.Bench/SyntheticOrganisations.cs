using System.Globalization;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store;

/// <summary>
/// N organisations shaped like the lifecycle bench's (bench/Trig.Crm.Bench): the sample lifecycle's attributes, five
/// people each, about twenty events per organisation over its people, engagement-skewed. Written through the store's
/// own import, a chunk of organisations per transaction, so memory stays bounded at any N.
/// </summary>
internal static class SyntheticOrganisations
{
    private const int Chunk = 5_000;

    public static async Task WriteAsync(ITrigStore store, int n, int seed, DateTimeOffset now, CancellationToken ct)
    {
        var rng = new Random(seed);
        string[] plans = ["Free", "Starter", "Premium", "Enterprise"];
        string[] names = ["login", "project_created", "project_link_clicked", "project_shared", "board_created", "user_invited", "integration_connected"];
        for (var start = 0; start < n; start += Chunk)
        {
            var records = new List<CrmRecord>(Chunk * 6);
            var events = new List<EventRecord>(Chunk * 24);
            for (var i = start; i < Math.Min(n, start + Chunk); i++)
            {
                var e = Math.Pow(rng.NextDouble(), 1.6);
                var id = "o" + i.ToString(CultureInfo.InvariantCulture);
                var trial = rng.NextDouble() < 0.4;
                var firstSession = now - TimeSpan.FromDays(rng.NextDouble() * 90);
                var a = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
                {
                    ["license_type"] = AttributeValue.Of(trial ? "trial" : "commercial"),
                    ["plan"] = AttributeValue.Of(trial ? "Free" : plans[1 + rng.Next(3)]),
                    ["acquisition_channel"] = AttributeValue.Of(rng.NextDouble() < 0.6 ? "self_serve" : "sales"),
                    ["first_session_date"] = AttributeValue.Of(firstSession),
                    ["days_since_signup"] = AttributeValue.Of(Math.Floor((now - firstSession).TotalDays)),
                    ["arr"] = AttributeValue.Of(trial ? 0 : Math.Round(rng.NextDouble() * 100_000)),
                    ["renewal_date"] = AttributeValue.Of(now + TimeSpan.FromDays(rng.NextDouble() * 365)),
                    ["last_login"] = AttributeValue.Of(now - TimeSpan.FromDays(rng.NextDouble() * 40 * (1 - e))),
                    ["projects_created"] = AttributeValue.Of(Math.Floor(e * 15)),
                    ["boards_created"] = AttributeValue.Of(Math.Floor(e * 12)),
                    ["boards_joined"] = AttributeValue.Of(Math.Floor(e * 5)),
                    ["users_invited"] = AttributeValue.Of(e > 0.97 ? 120 : Math.Floor(e * 30)),
                    ["team_members"] = AttributeValue.Of(1 + Math.Floor(e * 8)),
                    ["sessions_per_week"] = AttributeValue.Of(Math.Round(e * 9)),
                    ["features_used"] = AttributeValue.Of(Math.Round(e * 11)),
                    ["feature_x_used"] = AttributeValue.Of(rng.NextDouble() < e * 0.5 ? 1 : 0),
                    ["integrations_connected"] = AttributeValue.Of(Math.Floor(e * 3)),
                    ["setup_completed"] = AttributeValue.Of(rng.NextDouble() < 0.3 + (0.6 * e)),
                    ["first_value_action"] = AttributeValue.Of(rng.NextDouble() < e),
                    ["return_visits"] = AttributeValue.Of(Math.Floor(e * 8)),
                };
                records.Add(new CrmRecord(EntityKind.Organisation, id, null, a) { OwnerEmail = "owner" + (i % 50).ToString(CultureInfo.InvariantCulture) + "@vendor.example" });
                var people = new string[5];
                for (var p = 0; p < people.Length; p++)
                {
                    people[p] = id + "p" + p.ToString(CultureInfo.InvariantCulture);
                    records.Add(new CrmRecord(EntityKind.Person, people[p], id, new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
                    {
                        ["is_admin"] = AttributeValue.Of(p == 0),
                        ["sign_up_date"] = AttributeValue.Of(now - TimeSpan.FromDays(rng.NextDouble() * 20)),
                        ["first_project_created"] = AttributeValue.Of(rng.NextDouble() < e ? 1 : 0),
                        ["logins_last_30d"] = AttributeValue.Of(Math.Floor(rng.NextDouble() * 30 * e)),
                        ["session_minutes_30d"] = AttributeValue.Of(Math.Floor(rng.NextDouble() * 600 * e)),
                    }));
                }

                var count = (int)Math.Round(20 * (0.2 + (2.08 * e)));
                for (var k = 0; k < count; k++)
                {
                    var at = now - TimeSpan.FromMinutes(rng.Next(30 * 24 * 60));
                    var name = k % 10 < 7 ? "login" : names[1 + rng.Next(names.Length - 1)];
                    events.Add(k % 7 == 6
                        ? new EventRecord(EntityKind.Organisation, id, name, at, at)
                        : new EventRecord(EntityKind.Person, people[rng.Next(people.Length)], name, at, at, OrganisationId: id));
                }
            }

            await store.ImportAsync(records, events, null, ct);
            if ((start + Chunk) % 50_000 == 0 && start + Chunk < n)
            {
                Console.WriteLine($"  store: {start + Chunk:N0} of {n:N0} organisations written");
            }
        }
    }
}
