using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Trig.Crm.Actions.Slack;
using Trig.Crm.Lifecycle.Actions;

namespace Trig.Crm.Actions.Tests;

public sealed class ActionsServiceCollectionExtensionsTests
{
    private static IHost Build(Dictionary<string, string?> settings, CapturingLoggerProvider logs)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddProvider(logs);
        builder.AddTrigActions();
        return builder.Build();
    }

    [Fact]
    public async Task AddTrigActions_NoSlackTokenNoSmtpHost_HostStartsAndWarnsNamingEachKey()
    {
        var logs = new CapturingLoggerProvider();
        using var host = Build([], logs);

        await host.StartAsync();
        var kinds = host.Services.GetServices<IActionHandler>().Select(h => h.Kind).Order(StringComparer.Ordinal);
        await host.StopAsync();

        Assert.Equal(["email", "slack", "webhook"], kinds);
        Assert.Contains(logs.Messages, m => m.StartsWith("Warning", StringComparison.Ordinal) && m.Contains("Trig:Slack:BotToken is not set", StringComparison.Ordinal));
        Assert.Contains(logs.Messages, m => m.StartsWith("Warning", StringComparison.Ordinal) && m.Contains("Trig:Smtp:Host is not set", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddTrigActions_Configured_BindsOptionsWithoutWarnings()
    {
        var logs = new CapturingLoggerProvider();
        using var host = Build(new()
        {
            ["Trig:Slack:BotToken"] = "xoxb-1",
            ["Trig:Smtp:Host"] = "smtp.example.com",
            ["Trig:Smtp:From"] = "trig@example.com",
            ["Trig:Webhooks:Secrets:crm"] = "s",
        }, logs);

        await host.StartAsync();
        await host.StopAsync();
        var slack = host.Services.GetRequiredService<IOptions<SlackOptions>>().Value;
        var smtp = host.Services.GetRequiredService<IOptions<Trig.Crm.Actions.Email.SmtpOptions>>().Value;

        Assert.Equal("https://slack.com/api/", slack.BaseUrl);
        Assert.Equal(25, smtp.Port);
        Assert.Null(smtp.UseStartTls);
        Assert.Equal("s", host.Services.GetRequiredService<IOptions<Trig.Crm.Actions.Webhooks.WebhookOptions>>().Value.Secrets["crm"]);
        Assert.DoesNotContain(logs.Messages, m => m.StartsWith("Warning", StringComparison.Ordinal) && m.Contains("Trig:", StringComparison.Ordinal));
        Assert.Same(TimeProvider.System, host.Services.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public async Task AddTrigActions_BadSlackBaseUrl_FailsAtStart()
    {
        using var host = Build(new() { ["Trig:Slack:BaseUrl"] = "not a url" }, new CapturingLoggerProvider());

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("BaseUrl", error.Message, StringComparison.Ordinal);
    }
}
