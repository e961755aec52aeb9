using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Trig.Crm.Actions;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Engine.Tests.Outbox;

/// <summary>
/// The engine and the real action handlers over a test's SQLite store and fake clock, with a WireMock Slack and the
/// given settings; the dispatcher's summary lines (or the messages of <paramref name="formats"/>) go to the log.
/// </summary>
internal static class DispatcherHost
{
    /// <summary>
    /// Writes <paramref name="yaml"/> as the host's definitions folder and commits one evaluation of organisations
    /// o1…o<paramref name="organisations"/> under it, so their actions wait in the outbox.
    /// </summary>
    public static async Task SeedAsync(TempStore t, string yaml, int organisations)
    {
        Directory.CreateDirectory(Path.Combine(t.Directory, "lifecycle"));
        await File.WriteAllTextAsync(Path.Combine(t.Directory, "lifecycle", "d.yaml"), yaml);
        var set = DefinitionLoader.Load([("d.yaml", yaml)]).Set!;
        await t.Store.UpsertAsync([.. Enumerable.Range(1, organisations).Select(i => new CrmRecord(EntityKind.Organisation, $"o{i}", null, new Dictionary<string, AttributeValue>()))], default);
        var now = t.Clock.GetUtcNow();
        var runtime = await t.Store.SyncDefinitionsAsync(set, now, default);
        var result = Evaluator.EvaluateAll(new EvaluationInput(set, runtime, new Dictionary<(string, string), Benchmark>(), now), await t.Store.LoadUnitsAsync(null, null, default));
        await t.Store.CommitAsync(result, set, now, default);
    }

    public static IHost Build(TempStore t, string slackUrl, List<string> log, IReadOnlyDictionary<string, string?> settings, params string[] formats)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var all = new Dictionary<string, string?>
        {
            ["Trig:Definitions:Path"] = Path.Combine(t.Directory, "lifecycle"),
            ["Trig:Store:ConnectionString"] = t.ConnectionString,
            ["Trig:Slack:BaseUrl"] = slackUrl + "/api/",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(all);
        builder.Logging.ClearProviders().AddProvider(new SummaryLines(log, formats)).SetMinimumLevel(LogLevel.Information);
        builder.Services.AddSingleton<TimeProvider>(t.Clock);
        builder.Services.AddSingleton<ITrigStore>(t.Store);
        builder.AddTrigEngine().AddTrigActions();
        return builder.Build();
    }
}
