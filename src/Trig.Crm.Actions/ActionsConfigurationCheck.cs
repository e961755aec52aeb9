using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Trig.Crm.Actions.Email;
using Trig.Crm.Actions.Slack;

namespace Trig.Crm.Actions;

/// <summary>
/// Logs one warning line per missing action setting at start. The host still starts: Slack actions without a bot
/// token and email actions without an SMTP host wait in the outbox (the dispatcher holds them, status waiting)
/// until the setting is added; email without a sender fails with that reason.
/// </summary>
internal sealed class ActionsConfigurationCheck(
    IOptions<SlackOptions> slack,
    IOptions<SmtpOptions> smtp,
    ILogger<ActionsConfigurationCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(slack.Value.BotToken))
        {
            logger.LogWarning("Trig:Slack:BotToken is not set: slack actions wait in the outbox until it is");
        }

        if (string.IsNullOrWhiteSpace(smtp.Value.Host))
        {
            logger.LogWarning("Trig:Smtp:Host is not set: email actions wait in the outbox until it is");
        }
        else if (string.IsNullOrWhiteSpace(smtp.Value.From))
        {
            logger.LogWarning("Trig:Smtp:From is not set: email actions fail until it is");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
