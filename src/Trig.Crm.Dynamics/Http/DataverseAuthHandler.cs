using System.Net;
using System.Net.Http.Headers;
using Trig.Crm.Dynamics.Auth;

namespace Trig.Crm.Dynamics.Http;

/// <summary>
/// Adds the bearer token and the OData headers Dataverse expects on every call (<c>Accept</c>,
/// <c>OData-MaxVersion</c>, <c>OData-Version</c>, <c>If-None-Match: null</c>, and a JSON content type on bodies
/// that have none). A 401 drops the cached token and retries once with a fresh one.
/// </summary>
internal sealed class DataverseAuthHandler(DataverseTokenProvider tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        AddODataHeaders(request);
        var token = await tokens.GetTokenAsync(cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        response.Dispose();
        tokens.Invalidate(token);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetTokenAsync(cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }

    internal static void AddODataHeaders(HttpRequestMessage request)
    {
        var headers = request.Headers;
        if (headers.Accept.Count == 0)
        {
            headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        }

        headers.Remove("OData-MaxVersion");
        headers.Remove("OData-Version");
        headers.Remove("If-None-Match");
        headers.TryAddWithoutValidation("OData-MaxVersion", "4.0");
        headers.TryAddWithoutValidation("OData-Version", "4.0");

        // Without it, a browser-style cache could answer reads with stale data (Microsoft's Web API samples send it).
        headers.TryAddWithoutValidation("If-None-Match", "null");
        if (request.Content is { } content && content.Headers.ContentType is null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
    }
}
