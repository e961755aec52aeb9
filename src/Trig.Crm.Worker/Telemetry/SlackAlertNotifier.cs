using Trig.Crm.Actions.Slack;
using Trig.Crm.Engine.Alerts;

namespace Trig.Crm.Worker.Telemetry;

/// <summary>The engine's alert port bound to Slack (Actions cannot reference the engine, so the host adapts).</summary>
internal sealed class SlackAlertNotifier(SlackAlertSender slack) : IAlertNotifier
{
    public Task<string?> NotifyAsync(string channel, string text, CancellationToken cancellationToken) => slack.PostAsync(channel, text, cancellationToken);
}
