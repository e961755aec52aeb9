using Trig.Crm.Testing.Stubs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Trig.Crm.Lifecycle.Actions;
using Trig.Crm.Testing.Specs;
using WireMock.Logging;
using WireMock.Server;

namespace Trig.Crm.Actions.Tests;

/// <summary>
/// The handlers as the host builds them (AddTrigActions), with Slack and webhook receivers faked by WireMock on
/// loopback and a FakeTimeProvider. On dispose, where Slack's spec is available (TRIG_SPECS_DIR), every request that
/// reached the fake Slack is checked against it, so every Slack test in the suite also proves conformance; the
/// SpecFacts of SlackSpecConformanceTests need the spec and report Skipped without it.
/// </summary>
internal sealed class ActionsHarness : IDisposable
{
    public const string BotToken = "xoxb-test-0123456789-secret";
    public const string WebhookSecret = "whsec-test-s3cr3t";

    private readonly ServiceProvider _services;

    public ActionsHarness(IDictionary<string, string?>? settings = null)
    {
        Server = WireMockServer.Start();
        Server.ChannelsList(("cs-alerts", "C1H9RESGL"));
        var values = new Dictionary<string, string?>
        {
            ["Trig:Slack:BaseUrl"] = Server.Url + "/api/",
            ["Trig:Slack:BotToken"] = BotToken,
            ["Trig:Webhooks:Secrets:crm_hook"] = WebhookSecret,
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            values[k] = v;
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(values);
        builder.Services.AddSingleton<TimeProvider>(Time);
        builder.Services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        builder.AddTrigActions();
        _services = builder.Services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public WireMockServer Server { get; }

    public FakeTimeProvider Time { get; } = new(TestData.Start);

    public CapturingLoggerProvider Logs { get; } = new();

    public IServiceProvider Services => _services;

    public IActionHandler Slack => Handler("slack");

    public IActionHandler Webhook => Handler("webhook");

    public IActionHandler Email => Handler("email");

    public IActionHandler Handler(string kind) => _services.GetServices<IActionHandler>().Single(h => h.Kind == kind);

    public IReadOnlyList<ILogEntry> Requests(string slackMethod) =>
        Server.LogEntries.Where(e => e.RequestMessage.Path == "/api/" + slackMethod).ToList();

    public void Dispose()
    {
        var violations = VendorSpecs.Available("slack")
            ? Server.LogEntries
                .Where(e => e.RequestMessage.Path.StartsWith("/api/", StringComparison.Ordinal))
                .SelectMany(e => VendorConformance.Slack.Check(e))
                .ToList()
            : [];
        Server.Stop();
        Server.Dispose();
        _services.Dispose();
        if (violations.Count > 0)
        {
            throw new InvalidOperationException("Requests to Slack broke the spec:\n" + string.Join("\n", violations));
        }
    }
}
