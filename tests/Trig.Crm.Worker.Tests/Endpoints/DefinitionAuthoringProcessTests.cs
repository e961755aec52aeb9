using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store;
using Trig.Crm.Store.Sqlite;
using Trig.Crm.Testing.Processes;
using Trig.Crm.Worker.Tests.Support;

namespace Trig.Crm.Worker.Tests.Endpoints;

/// <summary>
/// Authoring end to end with the real <c>trig run</c> on the local CRM: a job with a follow-up is previewed through
/// <c>apply?dryRun=true</c>, published, evaluated by the service's own cycle (the right organisations enter, the right
/// actions wait in the outbox), changed with confirmation and rolled back; the CLI's <c>trig definitions</c> commands
/// work on the same store beside the running service (history, export, and an apply the service picks up).
/// </summary>
public sealed class DefinitionAuthoringProcessTests
{
    private const string Key = "admin-key-0123456789abcdef";

    [Fact]
    public async Task CreatePreviewPublishEvaluateRollback_ThroughTheApiOfARunningService()
    {
        var dir = IngestTestHost.NewDir();
        try
        {
            var (db, definitions, store) = await AuthoringWorkspace.SeedAsync(dir);
            string[] config = [$"--Trig:Store:ConnectionString=Data Source={db}", $"--Trig:Definitions:Path={definitions}", $"--Trig:Admin:ApiKey={Key}"];

            await using var trig = await TrigProcess.StartServiceAsync(dir, [.. config, "--Trig:Schedule:Cycle=0/2 * * * * ?"]);
            using var http = new HttpClient { BaseAddress = new Uri(trig.BaseUrl) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);

            // Preview: the audience (premium accounts with enterprise ARR) and the Slack actions, nothing stored.
            var preview = await OkAsync(http, HttpMethod.Post, "/api/admin/definitions/apply?dryRun=true", DefinitionAuthoringEndpointTests.JobDocument);
            var job = preview["preview"]!["definitions"]!.AsArray().Single(d => d!["key"]!.GetValue<string>() == "expansion_call")!;
            Assert.Equal(["org-1", "org-3"], job["enter"]!["first"]!.AsArray().Select(e => e!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal));
            Assert.Equal(["slack", "slack"], preview["preview"]!["actions"]!.AsArray().Select(a => a!["kind"]!.GetValue<string>()));
            Assert.Equal(0, await store.AuthoredSetVersionAsync(default));

            // Publish; the service's next cycle enters the right organisations and queues their actions.
            var published = await OkAsync(http, HttpMethod.Post, "/api/admin/definitions/apply?dryRun=false", DefinitionAuthoringEndpointTests.JobDocument);
            Assert.Equal(1, published["setVersion"]!.GetValue<long>());
            await WaitForAsync(trig, async () => (await OkAsync(http, HttpMethod.Get, "/api/admin/definitions/expansion_call"))["metrics"]?["active"]?.GetValue<int>() == 2);
            var queued = await store.ListAsync(new OutboxQuery(null, "expansion_call"), 50, default);
            Assert.Equal([("org-1", "entered", "slack"), ("org-3", "entered", "slack")], queued.Select(q => (q.Item.EntityId, q.Item.Transition, q.Item.Action.Kind)).Order());

            // A criteria change on a definition with members needs confirmation; then roll back to version 1.
            var stricter = DefinitionAuthoringEndpointTests.JobDocument.Replace("goal: [ arr >= 100000 ]", "goal: [ arr >= 40000 ]", StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(http, HttpMethod.Post, "/api/admin/definitions/apply?dryRun=false", stricter)).Status);
            Assert.Equal(2, (await OkAsync(http, HttpMethod.Post, "/api/admin/definitions/apply?dryRun=false&confirm=true", stricter))["setVersion"]!.GetValue<long>());
            await WaitForAsync(trig, async () => (await OkAsync(http, HttpMethod.Get, "/api/admin/definitions/expansion_call"))["metrics"]?["completed"]?.GetValue<int>() == 1);
            Assert.Equal(3, (await OkAsync(http, HttpMethod.Post, "/api/admin/definitions/expansion_call/rollback?version=1"))["setVersion"]!.GetValue<long>());
            var detail = await OkAsync(http, HttpMethod.Get, "/api/admin/definitions/expansion_call");
            Assert.Contains("goal: [ arr >= 100000 ]", detail["text"]!.GetValue<string>(), StringComparison.Ordinal);

            // The CLI beside the running service: history, export, and an apply the service picks up on its next cycle.
            var history = await TrigProcess.RunAsync(dir, ["definitions", "history", "expansion_call", .. config]);
            Assert.True(history.ExitCode == 0, history.ToString());
            Assert.Contains("set v3", history.Stdout, StringComparison.Ordinal);
            Assert.Contains("definitions.rollback", history.Stdout, StringComparison.Ordinal);
            Assert.Contains("+     goal: [ arr >= 40000 ]", history.Stdout, StringComparison.Ordinal);

            var export = Path.Combine(dir, "exported");
            var exported = await TrigProcess.RunAsync(dir, ["definitions", "export", export, .. config]);
            Assert.True(exported.ExitCode == 0, exported.ToString());
            Assert.Contains("goal: [ arr >= 100000 ]", await File.ReadAllTextAsync(Path.Combine(export, "expansion_call.yaml")), StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(export, "enterprise_fit.yaml")));

            var small = Path.Combine(dir, "small.yaml");
            await File.WriteAllTextAsync(small, "cohorts:\n  - key: small_accounts\n    criteria: [ arr < 1000 ]\n");
            var applied = await TrigProcess.RunAsync(dir, ["definitions", "apply", small, .. config]);
            Assert.True(applied.ExitCode == 0, applied.ToString());
            Assert.Contains("published set v4", applied.Stdout, StringComparison.Ordinal);
            await WaitForAsync(trig, async () => (await SendAsync(http, HttpMethod.Get, "/api/admin/definitions/small_accounts")).Body["metrics"]?["active"]?.GetValue<int>() == 1);
            var audit = (await OkAsync(http, HttpMethod.Get, "/api/admin/audit?limit=1")).AsArray().Single()!;
            Assert.Equal("cli:" + Environment.UserName, audit["actor"]!.GetValue<string>());

            var bad = Path.Combine(dir, "bad.yaml");
            await File.WriteAllTextAsync(bad, "cohorts:\n  - key: broken\n    criteria: [ arr >= lots ]\n");
            var refused = await TrigProcess.RunAsync(dir, ["definitions", "apply", bad, "--dry-run", .. config]);
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains($"{bad}:3:", refused.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            IngestTestHost.DeleteDir(dir);
        }
    }

    private static async Task WaitForAsync(TrigProcess trig, Func<Task<bool>> condition)
    {
        var watch = new StallWatch(TimeSpan.FromSeconds(60)); // waiting for a real process's schedule
        while (!await condition())
        {
            Assert.True(watch.Moving(trig.Output), "the service's cycle never came and the service printed nothing for 60 s:\n" + trig.Output);
            await Task.Delay(250);
        }
    }

    private static async Task<(HttpStatusCode Status, JsonNode Body)> SendAsync(HttpClient http, HttpMethod method, string path, string? yaml = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (yaml is not null)
        {
            request.Content = new StringContent(yaml, Encoding.UTF8, "application/yaml");
        }

        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!);
    }

    private static async Task<JsonNode> OkAsync(HttpClient http, HttpMethod method, string path, string? yaml = null)
    {
        var (status, body) = await SendAsync(http, method, path, yaml);
        Assert.True(status == HttpStatusCode.OK, $"{method} {path}: {(int)status} {body.ToJsonString()}");
        return body;
    }
}
