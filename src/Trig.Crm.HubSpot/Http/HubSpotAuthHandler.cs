using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Trig.Crm.HubSpot.Http;

/// <summary>Adds <c>Authorization: Bearer</c> with the private app token from configuration.</summary>
internal sealed class HubSpotAuthHandler(IOptionsMonitor<HubSpotOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.CurrentValue.AccessToken);
        return base.SendAsync(request, cancellationToken);
    }
}
