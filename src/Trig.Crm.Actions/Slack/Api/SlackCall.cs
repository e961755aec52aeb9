using System.Net;
using Polly.Timeout;
using Refit;
using Trig.Crm.Lifecycle.Actions;

namespace Trig.Crm.Actions.Slack.Api;

/// <summary>
/// Runs one Slack call and turns every delivery problem into an <see cref="ActionOutcome"/>: HTTP 429 → Retry with
/// <c>Retry-After</c>; 5xx, 408, timeouts and network errors → Retry; <c>ok:false</c> → <see cref="SlackErrors"/>.
/// Only the caller's cancellation propagates.
/// </summary>
internal static class SlackCall
{
    public static async Task<SlackResult<T>> RunAsync<T>(
        string method,
        Func<CancellationToken, Task<IApiResponse<T>>> call,
        CancellationToken cancellationToken)
        where T : SlackResponse
    {
        IApiResponse<T> response;
        try
        {
            response = await call(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutRejectedException or TimeoutException)
        {
            return SlackResult<T>.Fail(new ActionOutcome.Retry($"slack {method}: timed out"));
        }
        catch (HttpRequestException ex)
        {
            return SlackResult<T>.Fail(new ActionOutcome.Retry($"slack {method}: {ex.Message}"));
        }
        catch (ApiException ex)
        {
            return SlackResult<T>.Fail(new ActionOutcome.Retry($"slack {method}: unreadable response ({ex.Message})"));
        }

        using (response)
        {
            if (response.StatusCode is not { } code)
            {
                return SlackResult<T>.Fail(new ActionOutcome.Retry($"slack {method}: no response", null));
            }

            var status = (int)code;
            if (code == HttpStatusCode.TooManyRequests)
            {
                return SlackResult<T>.Fail(new ActionOutcome.Retry($"slack {method}: rate limited (HTTP 429)", RetryAfter(response)));
            }

            if (status >= 500 || code == HttpStatusCode.RequestTimeout)
            {
                return SlackResult<T>.Fail(new ActionOutcome.Retry($"slack {method}: HTTP {status}", RetryAfter(response)));
            }

            if (!response.IsSuccessStatusCode)
            {
                return SlackResult<T>.Fail(new ActionOutcome.Failed($"slack {method}: HTTP {status}"));
            }

            if (response.Content is not { } content)
            {
                return SlackResult<T>.Fail(new ActionOutcome.Retry($"slack {method}: unreadable response"));
            }

            return content.Ok ? SlackResult<T>.Success(content) : new SlackResult<T>(content, SlackErrors.ToOutcome(method, content.Error));
        }
    }

    private static TimeSpan? RetryAfter(IApiResponse response)
    {
        var header = response.Headers?.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return null;
    }
}
