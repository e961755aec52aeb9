using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Trig.Crm.Testing.Processes;

namespace Trig.Crm.Worker.Tests.Support;

/// <summary>
/// A temp working directory for the real <c>trig</c> process: one behaviour whose audience matches every imported
/// organisation, with a Slack (channel C0123) and a webhook action on entry, so N organisations make 2N actions.
/// Given an SMTP port, the behaviour also emails each organisation's one contact (<see cref="ContactOf"/>), from
/// people.csv (3N actions).
/// </summary>
internal sealed class CrashWorkspace : IDisposable
{
    public const string Channel = "C0123";
    public const string DefinitionKey = "crash_signup";

    public CrashWorkspace(int organisations, FakeSlack slack, FakeWebhookReceiver hooks, int leaseSeconds = 2, string? slackTarget = null, int? smtpPort = null)
    {
        // The Slack destination: a channel id by default, or e.g. channel "#cs-alerts" or "to: owner" (a DM).
        slackTarget ??= $"channel: {Channel}";
        Organisations = organisations;
        Dir = Directory.CreateTempSubdirectory("trig-crash-").FullName;
        var definitions = Directory.CreateDirectory(Path.Combine(Dir, "lifecycle")).FullName;
        File.WriteAllText(Path.Combine(definitions, "schema.yaml"), """
            schema:
              organisation:
                name: string
                plan: string
            """);
        File.WriteAllText(Path.Combine(definitions, "crash.yaml"), $$"""
            behaviours:
              - key: {{DefinitionKey}}
                name: Crash Signup
                entity: organisation
                audience: [ plan = pro ]
                on_entry:
                  - slack: { {{slackTarget}}, text: "{name} signed up on {plan}" }
                  - webhook: { url: "{{hooks.Url}}", secret: crash_hooks, attributes: [name, plan] }
            """ + (smtpPort is null ? "" : """

                  - email: { subject: "Welcome, {name}", body: "{name} is on {plan}." }
            """));
        var csv = new StringBuilder("id,name,plan,owner_email\n");
        for (var i = 1; i <= organisations; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"org-{i:D3},Org {i},pro,{OwnerOf(i)}\n");
        }

        File.WriteAllText(Path.Combine(Dir, "orgs.csv"), csv.ToString());
        var people = new StringBuilder("id,organisation_id,email,firstname\n");
        for (var i = 1; i <= organisations; i++)
        {
            people.Append(CultureInfo.InvariantCulture, $"person-{i:D3},org-{i:D3},{ContactOf(i)},Contact {i}\n");
        }

        File.WriteAllText(Path.Combine(Dir, "people.csv"), people.ToString());
        string[] smtp = smtpPort is null ? [] :
        [
            "--Trig:Smtp:Host=127.0.0.1",
            $"--Trig:Smtp:Port={smtpPort}",
            "--Trig:Smtp:From=Trig <trig@example.com>",
            "--Trig:Smtp:UseStartTls=false",
            "--Trig:Smtp:Timeout=00:00:10",
        ];
        ConfigArgs =
        [
            $"--Trig:Store:ConnectionString=Data Source={DbPath}",
            $"--Trig:Definitions:Path={definitions}",
            "--Trig:Crm:Provider=local",
            "--Trig:Http:Urls=http://127.0.0.1:0",
            "--Trig:Schedule:Cycle=* * * * * ?",
            "--Trig:Schedule:DispatchSeconds=1",
            "--Trig:Schedule:FastPathMilliseconds=100",
            $"--Trig:Schedule:LeaseSeconds={leaseSeconds}",
            $"--Trig:Slack:BaseUrl={slack.BaseUrl}",
            "--Trig:Slack:BotToken=xoxb-crash-test",
            "--Trig:Slack:ChannelInterval=00:00:00.001",
            "--Trig:Slack:ChannelBurst=100",
            "--Trig:Slack:RequestTimeout=00:00:10",
            "--Trig:Webhooks:Secrets:crash_hooks=crash-secret",
            "--Trig:Webhooks:Timeout=00:00:10",
            "--Logging:LogLevel:Default=Warning",
            .. smtp,
        ];
    }

    public int Organisations { get; }

    /// <summary>The CRM owner of organisation <paramref name="i"/> (one owner per organisation, so each DM is its own channel).</summary>
    public static string OwnerOf(int i) => string.Create(CultureInfo.InvariantCulture, $"owner-{i:D3}@example.com");

    /// <summary>The one contact (person) of organisation <paramref name="i"/>, who gets its email.</summary>
    public static string ContactOf(int i) => string.Create(CultureInfo.InvariantCulture, $"contact-{i:D3}@example.com");

    public string Dir { get; }

    public string DbPath => Path.Combine(Dir, "trig.db");

    public IReadOnlyList<string> ConfigArgs { get; }

    public async Task ImportAsync()
    {
        var result = await TrigProcess.RunAsync(Dir, ["import", "--organisations", Path.Combine(Dir, "orgs.csv"), .. ConfigArgs], TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, "trig import failed:\n" + result);
    }

    public TrigProcess StartRun(IReadOnlyDictionary<string, string>? environment = null) => TrigProcess.Start(Dir, ["run", .. ConfigArgs], environment);

    /// <summary>Outbox rows by status, read straight from the store file (no pooling: the file outlives this call only in the worker).</summary>
    public Dictionary<string, int> OutboxByStatus()
    {
        if (!File.Exists(DbPath))
        {
            return [];
        }

        using var c = Open();
        using var q = c.CreateCommand();
        q.CommandText = "SELECT status, COUNT(*) FROM outbox GROUP BY status";
        var d = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            using var r = q.ExecuteReader();
            while (r.Read())
            {
                d[r.GetString(0)] = r.GetInt32(1);
            }
        }
        catch (SqliteException)
        {
            // not migrated yet
        }

        return d;
    }

    public List<(string Key, string Kind, string EntityId, string Status)> OutboxRows()
    {
        using var c = Open();
        using var q = c.CreateCommand();
        q.CommandText = "SELECT idempotency_key, action_kind, entity_id, status FROM outbox ORDER BY id";
        using var r = q.ExecuteReader();
        var rows = new List<(string, string, string, string)>();
        while (r.Read())
        {
            rows.Add((r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3)));
        }

        return rows;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // a killed child may still be closing files; the temp dir is left behind then
        }
    }

    private SqliteConnection Open()
    {
        var c = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        c.Open();
        using var pragma = c.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 5000;";
        pragma.ExecuteNonQuery();
        return c;
    }
}
