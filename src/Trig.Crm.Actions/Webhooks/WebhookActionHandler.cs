using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using Trig.Crm.Lifecycle.Actions;

namespace Trig.Crm.Actions.Webhooks;

/// <summary>
/// Delivers <c>webhook</c> actions: one signed JSON POST per call. 2xx → Sent; 5xx, 408, 429 and timeouts → Retry
/// (429/503 with <c>Retry-After</c>); other statuses → Failed. The <c>Idempotency-Key</c> header is the outbox key,
/// the same on every retry.
/// </summary>
internal sealed class WebhookActionHandler(
    IHttpClientFactory httpClientFactory,
    IOptionsMonitor<WebhookOptions> options,
    TimeProvider time) : IActionHandler
{
    /// <summary>The named HttpClient webhooks are sent through.</summary>
    public const string HttpClientName = "trig-webhooks";

    public string Kind => "webhook";

    public async Task<ActionOutcome> SendAsync(ActionContext context, CancellationToken cancellationToken)
    {
        if (context.Item.Action is not WebhookAction action)
        {
            return new ActionOutcome.Failed($"webhook handler got a {context.Item.Action.Kind} action");
        }

        var item = context.Item;
        var o = options.CurrentValue;
        if (!Uri.TryCreate(action.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            return new ActionOutcome.Failed($"webhook url '{action.Url}' is not an absolute http(s) URL");
        }

        var secretName = string.IsNullOrWhiteSpace(action.Secret) ? o.DefaultSecretName : action.Secret.Trim();
        var secretKey = $"{WebhookOptions.Section}:Secrets:{secretName}";
        if (!o.Secrets.TryGetValue(secretName, out var secret) || string.IsNullOrEmpty(secret))
        {
            return new ActionOutcome.Failed($"webhook secret is not configured: set {secretKey}");
        }

        var body = WebhookPayload.Write(context, action);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("User-Agent", o.UserAgent);
        request.Headers.Add("X-Trig-Timestamp", timestamp);
        request.Headers.Add("X-Trig-Signature", WebhookSignature.Compute(secret, timestamp, body));
        request.Headers.Add("Idempotency-Key", item.IdempotencyKey);

        var client = httpClientFactory.CreateClient(HttpClientName);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutRejectedException or TimeoutException)
        {
            return new ActionOutcome.Retry($"webhook {url.Host}: timed out");
        }
        catch (HttpRequestException ex)
        {
            return new ActionOutcome.Retry($"webhook {url.Host}: {ex.Message}");
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return new ActionOutcome.Sent($"HTTP {status}");
            }

            var retryAfter = RetryAfter(response);
            return status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
                ? new ActionOutcome.Retry($"webhook {url.Host}: HTTP {status}", retryAfter)
                : new ActionOutcome.Failed($"webhook {url.Host}: HTTP {status}");
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
