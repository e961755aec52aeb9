using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store;
using Trig.Crm.Worker.Hosting;

namespace Trig.Crm.Worker.Tests.Support;

/// <summary>The <c>trig run</c> web host on a temp SQLite store and a small definitions folder, in-process.</summary>
internal sealed class IngestTestHost : IAsyncDisposable
{
    public const string WriteKey = "wk_test_123";

    public const string Schema = """
        schema:
          organisation:
            name: string
            seats: number
            product_account_id: string
          person:
            email: string
            logins: number
            product_user_id: string
            vip: bool
            signed_up_at: datetime
          events:
            - activated
            - login
        """;

    public const string Behaviours = """
        behaviours:
          - key: activation
            name: Activation
            entity: organisation
            audience: [ activated occurred ]
            on_entry:
              - slack: { channel: "#alerts", text: "{name} activated" }
        """;

    private readonly WebApplication _app;

    private IngestTestHost(string dir, WebApplication app, HttpClient client)
    {
        Dir = dir;
        _app = app;
        Client = client;
    }

    public string Dir { get; }

    public HttpClient Client { get; }

    public string DbPath => Path.Combine(Dir, "trig.db");

    public ITrigStore Store => _app.Services.GetRequiredService<ITrigStore>();

    public IServiceProvider Services => _app.Services;

    public static string NewDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "trig-ingest-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path.Combine(dir, "lifecycle"));
        File.WriteAllText(Path.Combine(dir, "lifecycle", "schema.yaml"), Schema);
        File.WriteAllText(Path.Combine(dir, "lifecycle", "behaviours.yaml"), Behaviours);
        return dir;
    }

    public static string[] Args(string dir, params string[] extra) =>
    [
        $"--Trig:Store:ConnectionString=Data Source={Path.Combine(dir, "trig.db")}",
        $"--Trig:Definitions:Path={Path.Combine(dir, "lifecycle")}",
        "--Trig:Slack:BaseUrl=http://127.0.0.1:9/",
        "--Trig:Schedule:Cycle=0 0 0 1 1 ? 2099",
        .. extra,
    ];

    /// <summary>Starts the host on a TestServer. <paramref name="writeKey"/> null leaves <c>Trig:Ingest:WriteKey</c> unset.</summary>
    public static async Task<IngestTestHost> StartAsync(string? writeKey = WriteKey, params string[] extra)
    {
        var dir = NewDir();
        var args = Args(dir, [.. extra, .. writeKey is null ? Array.Empty<string>() : [$"--Trig:Ingest:WriteKey={writeKey}"]]);
        var app = TrigHost.BuildWeb(args, b => b.WebHost.UseTestServer());
        await app.StartAsync();
        var client = app.GetTestClient();
        if (writeKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = Basic(writeKey);
        }

        return new IngestTestHost(dir, app, client);
    }

    public static AuthenticationHeaderValue Basic(string user) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":")));

    public Task SeedAsync(params CrmRecord[] records) => Store.UpsertAsync(records, CancellationToken.None);

    public static CrmRecord Organisation(string id, params (string Name, AttributeValue Value)[] attrs) =>
        new(EntityKind.Organisation, id, null, attrs.ToDictionary(a => a.Name, a => a.Value));

    public static CrmRecord Person(string id, string? org, params (string Name, AttributeValue Value)[] attrs) =>
        new(EntityKind.Person, id, org, attrs.ToDictionary(a => a.Name, a => a.Value));

    public Task<HttpResponseMessage> PostAsync(string path, string json) =>
        Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public long Scalar(string sql)
    {
        using var c = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    public string? Text(string sql)
    {
        using var c = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar() as string;
    }

    /// <summary>Everything ingest can write, as one fingerprint: equal before and after a refused call.</summary>
    public string Footprint() => string.Join(',',
        Scalar("SELECT COUNT(*) FROM events"), Scalar("SELECT COUNT(*) FROM attributes"), Scalar("SELECT COUNT(*) FROM ingest_pending"),
        Scalar("SELECT COUNT(*) FROM ingest_messages"), Scalar("SELECT COUNT(*) FROM ingest_identities"), Scalar("SELECT COUNT(*) FROM entities"),
        Text("SELECT group_concat(kind || ':' || entity_id || ':' || name || '=' || value, ';') FROM (SELECT * FROM attributes ORDER BY 1, 2, 3)"));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        DeleteDir(Dir);
    }

    /// <summary>Deletes a folder made by <see cref="NewDir"/> once its store is closed (a file still held is left).</summary>
    public static void DeleteDir(string dir)
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
