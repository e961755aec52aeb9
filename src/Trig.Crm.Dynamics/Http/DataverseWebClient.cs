using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Trig.Crm.Dynamics.Http;

/// <summary>
/// Plain HttpClient calls where Refit does not fit: paged collection reads that follow <c>@odata.nextLink</c> and
/// delta links exactly as returned, and <c>$batch</c> multipart requests.
/// </summary>
internal sealed class DataverseWebClient(IHttpClientFactory httpClientFactory, IOptions<DataverseOptions> options)
{
    internal const string HttpClientName = "Trig.Dataverse.Api";

    private readonly Uri _org = options.Value.OrgUri;

    /// <summary>GETs a collection page. <paramref name="url"/> is relative to the Web API root, or an absolute link the service returned.</summary>
    public async Task<JsonDocument> GetPageAsync(string url, string prefer, string operation, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Resolve(url));
        request.Headers.TryAddWithoutValidation("Prefer", prefer);
        using var response = await httpClientFactory.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await DataverseApiException.FromResponseAsync(operation, response, cancellationToken);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonDocument.ParseAsync(stream, default, cancellationToken);
    }

    /// <summary>POSTs a <c>$batch</c> with <c>Prefer: odata.continue-on-error</c>. The caller owns the response.</summary>
    public Task<HttpResponseMessage> SendBatchAsync(byte[] body, string boundary, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_org, DataverseOptions.ApiPath.TrimStart('/') + "$batch"));
        request.Headers.TryAddWithoutValidation("Prefer", "odata.continue-on-error");
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/mixed; boundary=\"{boundary}\"");
        request.Content = content;
        return SendAndDisposeRequestAsync(request, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAndDisposeRequestAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            return await httpClientFactory.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        }
    }

    private Uri Resolve(string url)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal))
        {
            // Next and delta links are followed exactly as returned, but never to another host: they carry our token.
            if (!string.Equals(absolute.Authority, _org.Authority, StringComparison.OrdinalIgnoreCase))
            {
                throw new DataverseApiException($"Dataverse returned a link to another host ({absolute.Authority}); refusing to follow it.");
            }

            return absolute;
        }

        return new Uri(_org, DataverseOptions.ApiPath.TrimStart('/') + url.TrimStart('/'));
    }
}
