using System.Runtime.ExceptionServices;
using Refit;

namespace Trig.Crm.HubSpot.Api;

/// <summary>Helpers over Refit's <see cref="IApiResponse"/>, which captures transport failures instead of throwing them.</summary>
internal static class ApiResponseExtensions
{
    /// <summary>The HTTP status as a number, 0 when no response arrived.</summary>
    public static int Status(this IApiResponse response) => response.StatusCode is { } status ? (int)status : 0;

    /// <summary>The error body, when HubSpot answered with one.</summary>
    public static string? ErrorContent(this IApiResponse response) => (response.Error as ApiException)?.Content;

    /// <summary>Rethrows a request that never got a response (daily limit, transport failure, timeout, cancellation).</summary>
    public static void ThrowIfNotReceived(this IApiResponse response)
    {
        if (response.HasRequestError(out var error))
        {
            ExceptionDispatchInfo.Throw(error.InnerException ?? error);
        }
    }

    /// <summary>The exception to throw for a response that is not a success.</summary>
    public static Exception Failure(this IApiResponse response, string what) =>
        (Exception?)response.Error ?? new HttpRequestException($"HubSpot {what} failed with {response.Status()}.");

    /// <summary>The daily-limit exception inside <paramref name="exception"/>, however Refit wrapped it.</summary>
    public static HubSpotDailyLimitException? DailyLimit(this Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is HubSpotDailyLimitException daily)
            {
                return daily;
            }
        }

        return null;
    }
}
