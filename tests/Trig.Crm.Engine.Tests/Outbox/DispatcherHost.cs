using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Trig.Crm.Actions;
using Trig.Crm.Store;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Engine.Tests.Outbox;

/// <summary>
/// The engine and the real action handlers over a test's SQLite store and fake clock, with a WireMock Slack and the
/// given settings; the dispatcher's summary lines (or the messages of <paramref name="formats"/>) go to the log.
/// </summary>
internal static class DispatcherHost
{
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
