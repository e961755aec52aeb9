using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Trig.Crm.Engine.Cycle;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store;
using Trig.Crm.Testing.Stores;
using Trig.Crm.Worker.Tests.Support;

namespace Trig.Crm.Worker.Tests.Endpoints;

/// <summary>
/// A malformed document never changes the live set: well over a hundred generated bad documents (truncated YAML,
/// bad criteria, unknown attributes, duplicate keys, cycles, wrong types, provisioned keys, wrong shapes) are each
/// published with <c>dryRun=false</c>, and the set in force, its authored version, the stored documents and the
/// evaluation stay exactly as they were.
/// </summary>
public sealed class DefinitionAuthoringMalformedTests : IAsyncLifetime
{
    private const string Key = "admin-key-0123456789abcdef";

    private const string Provisioned = """
        schema:
          organisation:
            name: string
            plan: string
            arr: number
            signed_up: datetime
          events: [ login ]
        cohorts:
          - key: premium
            name: Premium accounts
            criteria: [ plan = Premium ]
        """;

    private const string Authored = "cohorts:\n  - key: enterprise_fit\n    criteria: [ arr >= 10000 ]\n";

    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private readonly TempStore _store = new("authoring-bad");
    private TrigWebHost _host = null!;

    public async Task InitializeAsync()
    {
        var definitions = Path.Combine(_store.Directory, "lifecycle");
        Directory.CreateDirectory(definitions);
        await File.WriteAllTextAsync(Path.Combine(definitions, "base.yaml"), Provisioned);
        _host = await TrigWebHost.StartAsync([_store.Arg, $"--Trig:Definitions:Path={definitions}", $"--Trig:Admin:ApiKey={Key}"], Now);
        await _host.Get<ITrigStore>().UpsertAsync(
            [.. new[] { ("org-1", "Premium", 50000d), ("org-2", "Starter", 20000d), ("org-3", "Premium", 100d) }.Select(o => new CrmRecord(EntityKind.Organisation, o.Item1, null,
                new Dictionary<string, AttributeValue> { ["name"] = AttributeValue.Of(o.Item1), ["plan"] = AttributeValue.Of(o.Item2), ["arr"] = AttributeValue.Of(o.Item3) }))],
            default);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _store.Dispose();
    }

    /// <summary>The generated malformed documents, each with what makes it bad.</summary>
    internal static IEnumerable<(string Why, string Yaml)> Malformed()
    {
        var job = DefinitionAuthoringEndpointTests.JobDocument;

        // Truncated: anywhere between the job's key and its goal leaves a job without a goal (or a broken line).
        var jobStart = job.IndexOf("- key: expansion_call", StringComparison.Ordinal) + 8;
        var goal = job.IndexOf("goal:", StringComparison.Ordinal);
        for (var at = jobStart; at < goal; at += 6)
        {
            yield return ($"truncated at {at}", job[..at]);
        }

        // Truncated inside a quoted string: unterminated.
        var quote = job.IndexOf("\"{name} is ready", StringComparison.Ordinal);
        for (var at = quote + 2; at < quote + 30; at += 4)
        {
            yield return ($"truncated in a string at {at}", job[..at]);
        }

        foreach (var c in new[] { "arr >>= 5", "arr between 1", "plan in [Premium", "arr >=", ">= 5", "arr = = 1", "plan not in", "login occurred >= x times within 3 days",
                     "login occurred 3 times within days", "signed_up within last days", "signed_up more than three days ago", "arr has some value", "all: arr", "arr ~ 4", "((arr > 1)" })
        {
            yield return ($"bad criterion '{c}'", $"cohorts:\n  - key: bad_criterion\n    criteria: [ \"{c}\" ]\n");
        }

        foreach (var name in new[] { "seats", "arr_total", "plan_name", "revenue", "currently_member_of_nothing", "last_entered_nowhere", "x", "logins", "is_admin", "owner",
                     "current_stagee", "objectives_completed_premium", "arr2", "mrr", "country" })
        {
            yield return ($"unknown attribute '{name}'", $"cohorts:\n  - key: unknown_attr\n    criteria: [ {name} = 1 ]\n");
        }

        yield return ("duplicate definition key", "cohorts:\n  - key: twin\n    criteria: [ arr > 1 ]\n  - key: twin\n    criteria: [ arr > 2 ]\n");
        yield return ("duplicate key across sections", "cohorts:\n  - key: twin\n    criteria: [ arr > 1 ]\nbehaviours:\n  - key: twin\n    completion: [ arr > 2 ]\n");
        yield return ("duplicate YAML key", "cohorts:\n  - key: twin\n    criteria: [ arr > 1 ]\n    criteria: [ arr > 2 ]\n");
        yield return ("duplicate section", "cohorts:\n  - key: one\n    criteria: [ arr > 1 ]\ncohorts:\n  - key: two\n    criteria: [ arr > 2 ]\n");
        yield return ("duplicate of the authored key twice", Authored + "  - key: enterprise_fit\n    criteria: [ arr >= 1 ]\n");

        yield return ("cycle of two cohorts", "cohorts:\n  - key: a_side\n    criteria: [ currently_member_of_b_side = true ]\n  - key: b_side\n    criteria: [ currently_member_of_a_side = true ]\n");
        yield return ("cycle of three behaviours", "behaviours:\n  - key: c1\n    completion: [ last_completed_c3 has any value ]\n  - key: c2\n    completion: [ last_completed_c1 has any value ]\n  - key: c3\n    completion: [ last_completed_c2 has any value ]\n");
        yield return ("route_to an unknown job", "cohorts:\n  - key: router\n    criteria: [ arr > 1 ]\n    on_entry: [ { route_to: nowhere } ]\n");
        yield return ("route_to loop", "jobs:\n  - key: ping\n    audience: [ arr > 1 ]\n    goal: [ arr > 2 ]\n    duration: 1d\n    on_exit: [ { route_to: pong } ]\n  - key: pong\n    audience: [ arr > 1 ]\n    goal: [ arr > 2 ]\n    duration: 1d\n    on_exit: [ { route_to: ping } ]\n");

        yield return ("number compared to text", "cohorts:\n  - key: typed\n    criteria: [ arr >= lots ]\n");
        yield return ("relative date on a number", "cohorts:\n  - key: typed\n    criteria: [ arr within last 3 days ]\n");
        yield return ("duration not a duration", "jobs:\n  - key: typed\n    audience: [ arr > 1 ]\n    goal: [ arr > 2 ]\n    duration: ten days\n");
        yield return ("reentry not a bool", "jobs:\n  - key: typed\n    audience: [ arr > 1 ]\n    goal: [ arr > 2 ]\n    duration: 3d\n    reentry: maybe\n");
        yield return ("unknown status", "cohorts:\n  - key: typed\n    status: sleeping\n    criteria: [ arr > 1 ]\n");
        yield return ("unknown entity", "cohorts:\n  - key: typed\n    entity: robot\n    criteria: [ arr > 1 ]\n");
        yield return ("unknown schema type", "schema:\n  organisation:\n    seats: integer\n");
        yield return ("time limit not a duration", "behaviours:\n  - key: typed\n    completion: [ arr > 1 ]\n    time_limit: soon\n");
        yield return ("criteria a number", "cohorts:\n  - key: typed\n    criteria: 5\n");
        yield return ("job without goal", "jobs:\n  - key: typed\n    audience: [ arr > 1 ]\n    duration: 3d\n");
        yield return ("key not snake case", "cohorts:\n  - key: Big-Accounts\n    criteria: [ arr > 1 ]\n");
        yield return ("key missing", "cohorts:\n  - name: nameless\n    criteria: [ arr > 1 ]\n");

        foreach (var section in new[] { "cohorts", "behaviours", "jobs", "stages", "signals" })
        {
            yield return ($"provisioned key in {section}", $"{section}:\n  - key: premium\n    criteria: [ plan = Starter ]\n");
        }

        yield return ("provisioned key among good ones", "cohorts:\n  - key: fine\n    criteria: [ arr > 1 ]\n  - key: premium\n    criteria: [ plan = Starter ]\n");
        yield return ("provisioned schema attribute", "schema:\n  organisation:\n    arr: string\n");
        yield return ("provisioned event", "schema:\n  events: [ login ]\n");
        yield return ("provisioned key in a rollup", "rollups:\n  - { key: premium, function: count }\n");
        yield return ("provisioned key, flow style", "cohorts: [ { key: premium, criteria: [ arr > 1 ] } ]\n");

        yield return ("empty document", "");
        yield return ("only a comment", "# nothing here\n");
        yield return ("a scalar", "hello\n");
        yield return ("a list", "- key: x\n");
        yield return ("unknown section", "cohort:\n  - key: x\n    criteria: [ arr > 1 ]\n");
        yield return ("section not a list", "cohorts:\n  key: x\n");
        yield return ("entry not a mapping", "cohorts:\n  - x\n");
        yield return ("unknown key in a cohort", "cohorts:\n  - key: x\n    criteria: [ arr > 1 ]\n    colour: blue\n");
        yield return ("tab indentation", "cohorts:\n\t- key: x\n");
        yield return ("unclosed flow", "cohorts: [ { key: x, criteria: [ arr > 1 ]\n");
        yield return ("complex mapping key", "? [a, b]\n: c\n");
        yield return ("anchor to nowhere", "cohorts:\n  - *nowhere\n");
        yield return ("schema a list", "schema: [ a, b ]\n");
        yield return ("binary junk", "\u0001\u0002\u0003: \u0004\n");
        yield return ("a bad entry beside a good one", "cohorts:\n  - key: good_one\n    criteria: [ arr > 1 ]\n  - key: bad_one\n    criteria: [ nope > 1 ]\n");
        yield return ("good document, second YAML document bad", "cohorts:\n  - key: good_one\n    criteria: [ arr > 1 ]\n---\ncohorts:\n  - key: bad_one\n    criteria: [ arr >> 1 ]\n");
    }

    [Fact]
    public async Task MalformedDocuments_NeverChangeTheLiveSet_ItsVersion_OrTheEvaluation()
    {
        var documents = Malformed().ToList();
        Assert.True(documents.Count >= 100, $"only {documents.Count} documents");

        var store = _host.Get<ITrigStore>();
        var catalog = _host.Get<DefinitionCatalog>();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Authored)).Status);
        // The preview reloads the catalog (files and store): the set in force is taken after it.
        var before = Fingerprint(await _host.Get<CyclePreview>().PreviewAsync(null, false, default));
        var set = catalog.Current!;
        var authored = await store.LoadAuthoredAsync(default);
        var audit = (await store.AuditPageAsync(null, 1, default)).Single().Id;

        foreach (var (why, yaml) in documents)
        {
            var (status, body) = await PostAsync(yaml);
            Assert.True(status is HttpStatusCode.UnprocessableEntity or HttpStatusCode.Conflict, $"{why}: {(int)status} {body}");
            Assert.Contains("\"status\":", body, StringComparison.Ordinal);
        }

        Assert.Same(set, catalog.Current);
        Assert.Same(set, await catalog.CurrentAsync(default));
        var after = await store.LoadAuthoredAsync(default);
        Assert.Equal(authored.Version, after.Version);
        Assert.Equal(authored.Entries.Select(e => (e.Key, e.Text)), after.Entries.Select(e => (e.Key, e.Text)));
        Assert.Equal(audit, (await store.AuditPageAsync(null, 1, default)).Single().Id);
        Assert.Equal(before, Fingerprint(await _host.Get<CyclePreview>().PreviewAsync(null, false, default)));

        // And a cycle after them evaluates the set as it was: the authored cohort admits exactly its audience.
        _host.Time.Advance(TimeSpan.FromMinutes(15));
        var report = await _host.Get<FullCycle>().RunAsync(new FullCycleRequest(Pull: false), default);
        Assert.Equal(set.Version, report.DefinitionsVersion);
        Assert.Equal(2, report.Transitions["enterprise_fit"]["entered"]);
    }

    private static string Fingerprint(PreviewReport report) =>
        report.DefinitionsVersion + "\n" + string.Join("\n", report.Transitions.Select(t => $"{t.DefinitionKey} {t.EntityId} {t.Kind} {t.Reason}").Order(StringComparer.Ordinal));

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(string yaml)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/definitions/apply?dryRun=false") { Content = new StringContent(yaml, Encoding.UTF8, "application/yaml") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        var response = await _host.Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
