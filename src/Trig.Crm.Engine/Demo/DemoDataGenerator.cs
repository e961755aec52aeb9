using System.Globalization;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store;

namespace Trig.Crm.Engine.Demo;

/// <summary>
/// Generates a deterministic demo data set for the sample lifecycle: organisations with skewed engagement, about six
/// people each (a long tail of big accounts), owners, plans and ARR, and 30 days of product events. Milestones
/// (first project, boards, invitations, integrations, setup…) happen at times drawn from each organisation's
/// engagement, so replaying the days moves organisations through stages at realistic, different speeds.
/// The same seed and anchor give the same data.
/// </summary>
public static class DemoDataGenerator
{
    public const int Days = 30;

    private static readonly string[] Owners = ["alex.morgan", "sam.patel", "jordan.lee", "casey.kim", "riley.chen", "taylor.nguyen", "morgan.diaz", "jamie.rossi"];
    private static readonly string[] Prefixes = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Wonka", "Tyrell", "Cyberdyne", "Soylent", "Aperture", "Massive", "Nimbus", "Blue", "Red", "Green", "North", "Bright", "Clear", "Swift", "Prime", "Nova"];
    private static readonly string[] Suffixes = ["Labs", "Systems", "Analytics", "Works", "Cloud", "Logistics", "Health", "Finance", "Media", "Foods", "Energy", "Robotics", "Retail", "Studios", "Partners", "Inc"];
    private static readonly string[] FirstNames = ["Ava", "Ben", "Chloe", "Dan", "Ella", "Finn", "Grace", "Hugo", "Isla", "Jack", "Kara", "Liam", "Maya", "Noah", "Olivia", "Pete", "Quinn", "Rosa", "Sean", "Tara", "Uma", "Victor", "Wes", "Yara", "Zoe"];
    private static readonly string[] LastNames = ["Smith", "Jones", "Garcia", "Brown", "Wilson", "Taylor", "Clark", "Lewis", "Walker", "Young", "King", "Wright", "Hill", "Green", "Baker", "Adams"];
    private static readonly string[] Titles = ["CEO", "CTO", "Head of Ops", "Engineer", "Designer", "Product Manager", "Analyst", "Marketing Lead", "Support Lead", "Finance Manager"];

    /// <param name="anchor">The end of the 30 days (the demo's "now").</param>
    public static DemoTimeline Generate(int organisations, DateTimeOffset anchor, int seed = 42)
    {
        var rng = new Random(seed);
        var start = anchor - TimeSpan.FromDays(Days);
        var records = new List<CrmRecord>();
        var changes = new List<(DateTimeOffset, AttributeChange)>();
        var events = new List<EventRecord>();
        var eventSeq = 0;

        for (var i = 1; i <= organisations; i++)
        {
            var id = $"org-{i:0000}";
            var name = $"{Prefixes[rng.Next(Prefixes.Length)]} {Suffixes[rng.Next(Suffixes.Length)]} {i}";
            var domain = name.ToLowerInvariant().Replace(' ', '-') + ".example";
            // Engagement is skewed: most accounts are lukewarm, a few are very active.
            var e = Math.Pow(rng.NextDouble(), 1.6);
            var signup = start + TimeSpan.FromDays((rng.NextDouble() * 75) - 45); // from 75 days before the end to 30 days… signups spread before and during the window
            if (signup > anchor - TimeSpan.FromDays(1))
            {
                signup = anchor - TimeSpan.FromDays(1 + rng.NextDouble());
            }

            var trial = rng.NextDouble() < 0.4;
            var plan = trial ? "Free" : Pick(rng, ("Starter", 0.45), ("Premium", 0.4), ("Enterprise", 0.15));
            var arr = plan switch
            {
                "Starter" => Math.Round((3000 + (rng.NextDouble() * 9000)) / 100) * 100,
                "Premium" => Math.Round((12000 + (rng.NextDouble() * 48000)) / 100) * 100,
                "Enterprise" => Math.Round((60000 + (rng.NextDouble() * 240000)) / 1000) * 1000,
                _ => 0,
            };
            var owner = $"{Owners[rng.Next(Owners.Length)]}@trig-demo.io";
            // After this the organisation's people stop logging in (some accounts go quiet); its last_login follows their logins.
            var lastActive = anchor - TimeSpan.FromDays(Math.Min(60, -Math.Log(1 - rng.NextDouble()) * (2 + ((1 - e) * 25))));
            var attrs = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
            {
                ["name"] = AttributeValue.Of(name),
                ["domain"] = AttributeValue.Of(domain),
                ["owner_email"] = AttributeValue.Of(owner),
                ["license_type"] = AttributeValue.Of(trial ? "trial" : "commercial"),
                ["plan"] = AttributeValue.Of(plan),
                ["acquisition_channel"] = AttributeValue.Of(plan is "Enterprise" || (plan is "Premium" && rng.NextDouble() < 0.5) ? "sales" : "self_serve"),
                ["first_session_date"] = AttributeValue.Of(signup),
                ["days_since_signup"] = AttributeValue.Of(Math.Floor((anchor - signup).TotalDays)),
                ["arr"] = AttributeValue.Of(arr),
                ["renewal_date"] = AttributeValue.Of(signup + TimeSpan.FromDays(365 * Math.Ceiling(Math.Max(1, (anchor - signup).TotalDays + 1) / 365)) - TimeSpan.FromDays(rng.Next(0, 300))),
                ["projects_created"] = AttributeValue.Of(0d),
                ["boards_created"] = AttributeValue.Of(0d),
                ["boards_joined"] = AttributeValue.Of(0d),
                ["users_invited"] = AttributeValue.Of(0d),
                ["team_members"] = AttributeValue.Of(1d),
                ["sessions_per_week"] = AttributeValue.Of(0d),
                ["features_used"] = AttributeValue.Of(1d),
                ["feature_x_used"] = AttributeValue.Of(0d),
                ["integrations_connected"] = AttributeValue.Of(0d),
                ["setup_completed"] = AttributeValue.Of(false),
                ["first_value_action"] = AttributeValue.Of(false),
                ["return_visits"] = AttributeValue.Of(0d),
                ["engagement_restored"] = AttributeValue.Of(false),
            };
            records.Add(new CrmRecord(EntityKind.Organisation, id, null, attrs) { OwnerEmail = owner });

            void Change(DateTimeOffset at, string attr, AttributeValue v) => changes.Add((at, new AttributeChange(EntityKind.Organisation, id, attr, v)));
            DateTimeOffset After(DateTimeOffset from, double meanDays) => from + TimeSpan.FromDays(-Math.Log(1 - rng.NextDouble()) * meanDays);

            // Milestones: counts grow over time; less engaged accounts are slower and stop earlier.
            var speed = 0.15 + e;
            void Counter(string attr, int final, double firstMeanDays, double gapMeanDays, double startValue = 0, string? evt = null)
            {
                var at = After(signup, firstMeanDays / speed);
                for (var n = 1; n <= final; n++)
                {
                    Change(at, attr, AttributeValue.Of(startValue + n));
                    if (evt is not null && at >= start && at <= anchor)
                    {
                        events.Add(new EventRecord(EntityKind.Organisation, id, evt, at, at, $"demo-{++eventSeq}"));
                    }

                    at = After(at, gapMeanDays / speed);
                }
            }

            Counter("projects_created", rng.NextDouble() < 0.25 + (0.7 * e) ? 1 + (int)(e * 14 * rng.NextDouble() * 2) : 0, 3, 4, evt: "project_created");
            Counter("boards_created", rng.NextDouble() < 0.2 + (0.7 * e) ? 1 + (int)(e * 12 * rng.NextDouble() * 2) : 0, 4, 4, evt: "board_created");
            Counter("boards_joined", rng.NextDouble() < 0.3 + (0.6 * e) ? 1 + (int)(e * 5) : 0, 2, 6);
            var teamFrom = changes.Count;
            Counter("team_members", rng.NextDouble() < 0.3 + (0.6 * e) ? 1 + (int)(e * 9) : 0, 5, 5, startValue: 1);
            PlantRetention(changes, id, signup, anchor, invitedTeammateAt: teamFrom < changes.Count ? changes[teamFrom].Item1 : null, new Random((seed * 100_003) + i));
            Counter("integrations_connected", rng.NextDouble() < 0.15 + (0.6 * e) ? 1 + (int)(e * 2.5) : 0, 9, 10, evt: "integration_connected");
            Counter("return_visits", (int)(e * 8), 2, 3);
            var invited = e > 0.92 && rng.NextDouble() < 0.5 ? 100 + rng.Next(150) : (int)(e * 30);
            if (invited > 0)
            {
                Change(After(signup, 6 / speed), "users_invited", AttributeValue.Of(invited));
            }

            if (rng.NextDouble() < 0.35 + (0.6 * e))
            {
                var setup = After(signup, 2 / speed);
                Change(setup, "setup_completed", AttributeValue.Of(true));
                if (rng.NextDouble() < 0.3 + (0.6 * e))
                {
                    Change(After(setup, 4 / speed), "first_value_action", AttributeValue.Of(true));
                }
            }

            Change(signup + TimeSpan.FromDays(7), "sessions_per_week", AttributeValue.Of(Math.Round(e * 9)));
            Change(signup + TimeSpan.FromDays(10), "features_used", AttributeValue.Of(Math.Max(1, Math.Round(e * 11))));
            if (plan is "Premium" or "Enterprise" && rng.NextDouble() < 0.5 * e)
            {
                Change(After(signup + TimeSpan.FromDays(30), 10), "feature_x_used", AttributeValue.Of(1d));
            }

            // People: a long tail of team sizes.
            var size = Math.Clamp((int)Math.Round(2 + (-Math.Log(1 - rng.NextDouble()) * 4)), 1, 40);
            for (var p = 1; p <= size; p++)
            {
                var pid = $"{id}-p{p:00}";
                var first = FirstNames[rng.Next(FirstNames.Length)];
                var last = LastNames[rng.Next(LastNames.Length)];
                var personSignup = signup + TimeSpan.FromDays(p == 1 ? 0 : rng.NextDouble() * 20);
                var pe = Math.Clamp(e + ((rng.NextDouble() - 0.5) * 0.4), 0, 1);
                var pattrs = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
                {
                    ["email"] = AttributeValue.Of($"{first.ToLowerInvariant()}.{last.ToLowerInvariant()}{p}@{domain}"),
                    ["first_name"] = AttributeValue.Of(first),
                    ["last_name"] = AttributeValue.Of(last),
                    ["job_title"] = AttributeValue.Of(p == 1 ? "CEO" : Titles[rng.Next(Titles.Length)]),
                    ["is_admin"] = AttributeValue.Of(p == 1),
                    ["sign_up_date"] = AttributeValue.Of(personSignup),
                    ["first_project_created"] = AttributeValue.Of(0d),
                    ["logins_last_30d"] = AttributeValue.Of(0d),
                    ["session_minutes_30d"] = AttributeValue.Of(0d),
                };
                // One in twenty people has no email on record (the email action skips them, with a reason).
                if (rng.NextDouble() < 0.05 && p > 1)
                {
                    pattrs.Remove("email");
                }

                records.Add(new CrmRecord(EntityKind.Person, pid, id, pattrs));
                if (pe > 0.45 && rng.NextDouble() < pe)
                {
                    changes.Add((After(personSignup, 4 / (0.2 + pe)), new AttributeChange(EntityKind.Person, pid, "first_project_created", AttributeValue.Of(1d))));
                }

                // Daily logins over the window; the person's login count and last-seen, and the organisation's last_login, follow them.
                var logins = new List<DateTimeOffset>();
                for (var d = 0; d < Days; d++)
                {
                    var day = start + TimeSpan.FromDays(d);
                    if (day < personSignup || rng.NextDouble() > 0.05 + (pe * 0.75))
                    {
                        continue;
                    }

                    var at = day + TimeSpan.FromHours(8 + (rng.NextDouble() * 10));
                    if (at > lastActive)
                    {
                        continue;
                    }

                    logins.Add(at);
                    events.Add(new EventRecord(EntityKind.Person, pid, "login", at, at, $"demo-{++eventSeq}", OrganisationId: id));
                    changes.Add((at, new AttributeChange(EntityKind.Person, pid, "logins_last_30d", AttributeValue.Of(logins.Count(l => l > at - TimeSpan.FromDays(30))))));
                    changes.Add((at, new AttributeChange(EntityKind.Person, pid, "last_seen_at", AttributeValue.Of(at))));
                    changes.Add((at, new AttributeChange(EntityKind.Organisation, id, "last_login", AttributeValue.Of(at))));
                    changes.Add((at, new AttributeChange(EntityKind.Person, pid, "session_minutes_30d", AttributeValue.Of(logins.Count * (5 + Math.Round(pe * 40))))));
                    if (rng.NextDouble() < 0.12 * pe)
                    {
                        var click = at + TimeSpan.FromMinutes(rng.Next(5, 90));
                        events.Add(new EventRecord(EntityKind.Person, pid, "project_link_clicked", click, click, $"demo-{++eventSeq}", OrganisationId: id));
                    }

                    if (rng.NextDouble() < 0.05 * pe)
                    {
                        var share = at + TimeSpan.FromMinutes(rng.Next(5, 120));
                        events.Add(new EventRecord(EntityKind.Person, pid, "project_shared", share, share, $"demo-{++eventSeq}", OrganisationId: id));
                    }
                }
            }
        }

        // Changes before the window are part of the initial state; the rest replay day by day.
        var initial = changes.Where(c => c.Item1 < start).ToList();
        var replay = changes.Where(c => c.Item1 >= start && c.Item1 <= anchor).OrderBy(c => c.Item1).ToList();
        var byEntity = initial.OrderBy(c => c.Item1).GroupBy(c => (c.Item2.EntityKind, c.Item2.EntityId)).ToDictionary(g => g.Key, g => g.Select(c => c.Item2).ToList());
        var merged = records.Select(r =>
        {
            if (!byEntity.TryGetValue((r.Kind, r.Id), out var list))
            {
                return r;
            }

            var attrs = new Dictionary<string, AttributeValue>((IDictionary<string, AttributeValue>)r.Attributes, StringComparer.Ordinal);
            foreach (var ch in list)
            {
                attrs[ch.Name] = ch.Value;
            }

            return r with { Attributes = attrs };
        }).ToList();

        return new DemoTimeline(start, anchor, merged, replay, [.. events.OrderBy(x => x.OccurredAt)]);
    }

    /// <summary>
    /// The pattern the demo plants for <c>trig insights retention</c> to find: an organisation that invited a team member
    /// in its first week keeps its subscription 19 times in 20, the others only 2 times in 5. The outcome
    /// (<c>subscription_status</c>) is known three weeks after sign-up, so the newest organisations have none yet.
    /// Its own random source leaves the rest of the data set as it was.
    /// </summary>
    private static void PlantRetention(List<(DateTimeOffset, AttributeChange)> changes, string id, DateTimeOffset signup, DateTimeOffset anchor, DateTimeOffset? invitedTeammateAt, Random rng)
    {
        var decided = signup + TimeSpan.FromDays(21);
        if (decided > anchor)
        {
            return;
        }

        var early = invitedTeammateAt is { } at && at - signup <= TimeSpan.FromDays(7);
        var cancelled = rng.NextDouble() < (early ? 0.05 : 0.6);
        changes.Add((decided, new AttributeChange(EntityKind.Organisation, id, "subscription_status", AttributeValue.Of(cancelled ? "cancelled" : "active"))));
    }

    private static string Pick(Random rng, params (string Value, double Weight)[] options)
    {
        var x = rng.NextDouble() * options.Sum(o => o.Weight);
        foreach (var (v, w) in options)
        {
            if ((x -= w) <= 0)
            {
                return v;
            }
        }

        return options[^1].Value;
    }

    internal static string Day(DateTimeOffset t) => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
