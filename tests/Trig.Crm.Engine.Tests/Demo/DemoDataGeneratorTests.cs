using Trig.Crm.Engine.Demo;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Engine.Tests.Demo;

public sealed class DemoDataGeneratorTests
{
    private static readonly DateTimeOffset Anchor = new(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Generate_OrganisationLastLoginIsItsPeoplesLatestLoginEveryDayOfTheReplay()
    {
        var timeline = DemoDataGenerator.Generate(120, Anchor);
        var organisationOf = timeline.Records.Where(r => r.Kind == EntityKind.Person).ToDictionary(r => r.Id, r => r.OrganisationId!);
        var lastLogin = timeline.Records.Where(r => r.Kind == EntityKind.Organisation)
            .ToDictionary(r => r.Id, r => r.Attributes.TryGetValue("last_login", out var v) ? v : AttributeValue.None);
        var logins = timeline.Events.Where(e => e.EntityKind == EntityKind.Person && e.Name == "login").ToList();
        var changes = 0;

        for (var day = 0; day <= DemoDataGenerator.Days; day++)
        {
            // The state the demo replay has at the end of each day: initial records plus that day's timed changes.
            var dayEnd = timeline.Start + TimeSpan.FromDays(day);
            for (; changes < timeline.Changes.Count && timeline.Changes[changes].At <= dayEnd; changes++)
            {
                var change = timeline.Changes[changes].Change;
                if (change.EntityKind == EntityKind.Organisation && change.Name == "last_login")
                {
                    lastLogin[change.EntityId] = change.Value;
                }
            }

            var latest = logins.Where(e => e.OccurredAt <= dayEnd)
                .GroupBy(e => organisationOf[e.EntityId])
                .ToDictionary(g => g.Key, g => g.Max(e => e.OccurredAt));
            foreach (var (organisation, value) in lastLogin)
            {
                var expected = latest.TryGetValue(organisation, out var at) ? AttributeValue.FormatDateTime(at) : "(absent)";
                var actual = value.Kind == ValueKind.DateTime ? AttributeValue.FormatDateTime(value.AsDateTime) : value.Kind == ValueKind.None ? "(absent)" : value.ToString();
                Assert.True(expected == actual, $"{organisation} at {dayEnd:yyyy-MM-dd}: last_login {actual}, its people's latest login {expected}");
            }
        }

        // Both kinds stay in the demo: organisations whose people log in to the end, and organisations that went quiet.
        var final = logins.GroupBy(e => organisationOf[e.EntityId]).Select(g => g.Max(e => e.OccurredAt)).ToList();
        Assert.Contains(final, at => at > Anchor - TimeSpan.FromDays(2));
        Assert.Contains(final, at => at < Anchor - TimeSpan.FromDays(7));
    }
}
