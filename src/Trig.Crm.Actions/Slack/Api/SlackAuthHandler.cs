using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Trig.Crm.Actions.Slack.Api;

/// <summary>
/// Adds <c>Authorization: Bearer &lt;Trig:Slack:BotToken&gt;</c> to every Slack call. Slack refuses tokens in the
/// query string for new apps, and a header keeps the token out of request logs.
/// </summary>
internal sealed class SlackAuthHandler(IOptionsMonitor<SlackOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = options.CurrentValue.BotToken;
        if (!string.IsNullOrWhiteSpace(token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
