using Microsoft.Extensions.Options;
using Trig.Crm.Actions.Slack.Api;
using Trig.Crm.Lifecycle.Actions;

namespace Trig.Crm.Actions.Slack;

/// <summary>
/// Posts an operator alert (plain text) to a channel with the same Slack client and token as Slack actions. The host
/// adapts it to the engine's alert port; Actions cannot reference the engine.
/// </summary>
public sealed class SlackAlertSender
{
    private readonly ISlackApi _api;
    private readonly IOptions<SlackOptions> _options;

    internal SlackAlertSender(ISlackApi api, IOptions<SlackOptions> options)
    {
        _api = api;
        _options = options;
    }

    /// <summary>Posts <paramref name="text"/> to <paramref name="channel"/>; null when Slack accepted it, else why not.</summary>
    public async Task<string?> PostAsync(string channel, string text, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(_options.Value.BotToken))
        {
            return "Trig:Slack:BotToken is not set";
        }

        var request = new PostMessageRequest(channel, text, null, UnfurlLinks: false, Metadata: null);
        var result = await SlackCall.RunAsync("chat.postMessage", ct => _api.PostMessageAsync(request, ct), cancellationToken);
        return result.Succeeded ? null : result.Problem switch
        {
            ActionOutcome.Retry r => r.Reason,
            ActionOutcome.Failed f => f.Reason,
            var other => other?.ToString() ?? "unknown",
        };
    }
}
