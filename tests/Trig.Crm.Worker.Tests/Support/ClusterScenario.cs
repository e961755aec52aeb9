using System.Globalization;
using Trig.Crm.Testing.Stubs;

namespace Trig.Crm.Worker.Tests.Support;

/// <summary>The cluster test's lifecycle, CRM data and node configuration, shared by its nodes and its single-node run.</summary>
internal static class ClusterScenario
{
    private const string Yaml = """
        schema:
          organisation: { name: string, lifecyclestage: string, arr: number }
          person: { email: string, firstname: string }
        behaviours:
          - key: big_account
            name: Big account
            entity: organisation
            audience:
              - lifecyclestage = customer
              - arr >= 12000
            completion: [ arr >= 20000 ]
            on_entry:
              - slack: { channel: "#cs-alerts", text: "{name} is a big account" }
        cohorts:
          - key: paying_customers
            name: Paying customers
            entity: organisation
            criteria: [ lifecyclestage = customer ]
        """;

    /// <summary>Writes the lifecycle folder under <paramref name="dir"/> and returns its path.</summary>
    public static string WriteLifecycle(string dir)
    {
        var lifecycle = Path.Combine(dir, "lifecycle");
        Directory.CreateDirectory(lifecycle);
        File.WriteAllText(Path.Combine(lifecycle, "lifecycle.yaml"), Yaml);
        return lifecycle;
    }

    /// <summary>
    /// Companies <paramref name="from"/>… with one contact each. A third are leads; ARR grows with the index, so a
    /// few customers are big accounts. Late companies are all big customers, and are reported by HubSpot's search for recently modified records too.
    /// </summary>
    public static void Seed(HubSpotStub hubspot, int from, int count, bool late = false)
    {
        for (var i = from; i < from + count; i++)
        {
            var company = (1000 + i).ToString(CultureInfo.InvariantCulture);
            var contact = (5000 + i).ToString(CultureInfo.InvariantCulture);
            hubspot.Companies[company] = new()
            {
                ["name"] = $"Org {i:000}",
                ["lifecyclestage"] = late || i % 3 != 0 ? "customer" : "lead",
                ["annualrevenue"] = (late ? 20_000 : i * 400).ToString(CultureInfo.InvariantCulture),
            };
            hubspot.Contacts[contact] = new() { ["email"] = $"p{i}@example.com", ["firstname"] = $"P{i}" };
            hubspot.PrimaryCompany[contact] = company;
            if (late)
            {
                hubspot.ChangedCompanies[company] = true;
                hubspot.ChangedContacts[contact] = true;
            }
        }
    }

    /// <summary>A node's arguments: store, HubSpot, Slack, fast schedules and short leases so kills are noticed in seconds.</summary>
    public static string[] Args(string store, string lifecycle, HubSpotStub hubspot, FakeSlack slack) =>
    [
        $"--Trig:Store:Provider={(store.StartsWith("Data Source", StringComparison.Ordinal) ? "sqlite" : "postgres")}",
        $"--Trig:Store:ConnectionString={store}",
        "--Trig:Crm:Provider=hubspot",
        $"--Trig:HubSpot:AccessToken={HubSpotStub.Token}",
        $"--Trig:HubSpot:BaseUrl={hubspot.Url}",
        "--Trig:HubSpot:CompanyProperties=name,lifecyclestage,arr:annualrevenue",
        "--Trig:HubSpot:ContactProperties=email,firstname",
        $"--Trig:Definitions:Path={lifecycle}",
        $"--Trig:Slack:BaseUrl={slack.BaseUrl}",
        "--Trig:Slack:BotToken=xoxb-cluster",
        "--Trig:Slack:ChannelInterval=00:00:00.100", // Slack's real pace is 1 s per channel; the fake does not need it
        "--Trig:Slack:RequestTimeout=00:01:00", // the held post stays in flight until its node is killed
        "--Trig:Schedule:Cycle=0/10 * * * * ?",
        "--Trig:Schedule:DispatchSeconds=1",
        "--Trig:Schedule:LeaseSeconds=4",
        "--Trig:Cluster:ShardSize=15",
        "--Trig:Cluster:ShardLeaseSeconds=5",
        "--Trig:Cluster:CycleLeaseSeconds=5",
        "--Trig:Cluster:PollMilliseconds=200",
        "--Trig:Cluster:CheckinIntervalSeconds=2",
        "--Trig:Cluster:CheckinMisfireThresholdSeconds=4",
        "--Trig:Cluster:MisfireThresholdSeconds=5",
        "--Logging:LogLevel:Trig.Crm.Worker.Jobs=Information", // "Cycle done" lines, for a failure's output
        "--Logging:LogLevel:Trig.Crm.Engine.Cluster=Information",
    ];

    public static List<string> Sorted(IEnumerable<string> rows) => [.. rows.Order(StringComparer.Ordinal)];

    /// <summary>Every value HubSpot was sent, in arrival order, per "objectType id property".</summary>
    public static Dictionary<string, List<string>> Pushes(HubSpotStub hubspot)
    {
        var pushes = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var type in (string[])["companies", "contacts"])
        {
            foreach (var (id, properties) in hubspot.UpdateInputs(type))
            {
                foreach (var (name, value) in properties)
                {
                    var key = $"{type} {id} {name}";
                    if (!pushes.TryGetValue(key, out var values))
                    {
                        pushes[key] = values = [];
                    }

                    values.Add(value);
                }
            }
        }

        return pushes;
    }

    /// <summary>
    /// The last value HubSpot holds per "objectType id property". Timestamps carry each run's own clock, so they
    /// compare as present, not by value.
    /// </summary>
    public static List<string> FinalValues(HubSpotStub hubspot) =>
        Sorted(Pushes(hubspot).Select(p => $"{p.Key}={(IsTime(p.Value[^1]) ? "<time>" : p.Value[^1])}"));

    private static bool IsTime(string value) =>
        value.Length >= 10 && (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)
            || (value.Length == 13 && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _)));
}
