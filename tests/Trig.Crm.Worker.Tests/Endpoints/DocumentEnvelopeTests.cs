using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Trig.Crm.Testing.Stores;
using Trig.Crm.Worker.Endpoints;
using Trig.Crm.Worker.Tests.Support;

namespace Trig.Crm.Worker.Tests.Endpoints;

/// <summary>
/// The HubSpot settings page posts a definitions document as <c>{"document": "…"}</c> (hubspot.fetch sends JSON
/// only): the apply endpoint reads the YAML inside, and its errors point at the lines of that YAML.
/// </summary>
public sealed class DocumentEnvelopeTests : IAsyncLifetime
{
    private const string Key = "admin-key-0123456789abcdef";
    private readonly TempStore _store = new("envelope");
    private TrigWebHost _host = null!;

    public async Task InitializeAsync()
    {
        var definitions = Path.Combine(_store.Directory, "lifecycle");
        Directory.CreateDirectory(definitions);
        await File.WriteAllTextAsync(Path.Combine(definitions, "base.yaml"), "schema:\n  organisation:\n    name: string\n    plan: string\n");
        _host = await TrigWebHost.StartAsync([_store.Arg, $"--Trig:Definitions:Path={definitions}", $"--Trig:Admin:ApiKey={Key}"], new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _store.Dispose();
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> ApplyJsonAsync(string document)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/definitions/apply?dryRun=true") { Content = JsonContent.Create(new { document }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        var response = await _host.Client.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    [Fact]
    public async Task Apply_ReadsTheYamlInsideAJsonEnvelope()
    {
        var (status, body) = await ApplyJsonAsync("cohorts:\n  - key: premium\n    criteria: [ plan = Premium ]\n");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["premium"], body["changed"]!.AsArray().Select(k => k!.GetValue<string>()));
    }

    [Fact]
    public async Task Apply_ErrorsInAnEnvelopePointAtTheLineOfTheYaml()
    {
        var (status, body) = await ApplyJsonAsync("cohorts:\n  - key: premium\n\n    criteria: [ seats >= 3 ]\n");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var error = body["errors"]!.AsArray().First()!;
        Assert.Equal("document", error["file"]!.GetValue<string>());
        Assert.Equal(4, error["line"]!.GetValue<int>());
        Assert.Contains("seats", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/yaml", "{\"document\": \"x\"}", "{\"document\": \"x\"}")]
    [InlineData("application/json; charset=utf-8", "{\"document\": \"cohorts: []\"}", "cohorts: []")]
    [InlineData("application/json", "{\"cohorts\": []}", "{\"cohorts\": []}")]
    [InlineData("application/json", "cohorts: [", "cohorts: [")]
    [InlineData(null, "cohorts: []", "cohorts: []")]
    public void Unwrap_TakesTheDocumentOnlyFromAJsonEnvelope(string? contentType, string body, string expected) =>
        Assert.Equal(expected, DocumentEnvelope.Unwrap(contentType, body));
}
