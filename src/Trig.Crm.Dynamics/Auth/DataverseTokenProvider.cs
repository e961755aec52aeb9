using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Trig.Crm.Dynamics.Http;

namespace Trig.Crm.Dynamics.Auth;

/// <summary>
/// Client-credentials tokens for the org (<c>scope={Url}/.default</c>), cached and renewed
/// <see cref="DataverseOptions.TokenRenewBefore"/> before they expire. One request at a time refreshes.
/// </summary>
// Public only because the test harness (DataverseTestHost, being moved to a shared test project) exposes it through a
// public property; make it internal once the harness does not.
public sealed class DataverseTokenProvider(
    IHttpClientFactory httpClientFactory,
    IOptions<DataverseOptions> options,
    TimeProvider timeProvider,
    ILogger<DataverseTokenProvider> logger)
{
    internal const string HttpClientName = "Trig.Dataverse.Authority";

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile CachedToken? _token;

    /// <summary>Token requests made so far (for tests and the sync summary).</summary>
    public int Requests { get; private set; }

    /// <summary>A valid access token, from the cache when it has more than the renewal margin left.</summary>
    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        var token = _token;
        if (token is not null && timeProvider.GetUtcNow() < token.RenewAt)
        {
            return token.AccessToken;
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            token = _token;
            if (token is not null && timeProvider.GetUtcNow() < token.RenewAt)
            {
                return token.AccessToken;
            }

            token = await RequestAsync(cancellationToken);
            _token = token;
            return token.AccessToken;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Forgets the cached token (after a 401), so the next call fetches a fresh one.</summary>
    public void Invalidate(string rejected)
    {
        if (_token?.AccessToken == rejected)
        {
            _token = null;
        }
    }

    private async Task<CachedToken> RequestAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var endpoint = $"{o.AuthorityHost.TrimEnd('/')}/{Uri.EscapeDataString(o.TenantId!)}/oauth2/v2.0/token";
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = o.ClientId!,
            ["client_secret"] = o.ClientSecret!,
            ["grant_type"] = "client_credentials",
            ["scope"] = o.Url!.TrimEnd('/') + "/.default",
        });

        var client = httpClientFactory.CreateClient(HttpClientName);
        var requestedAt = timeProvider.GetUtcNow();
        Requests++;
        HttpResponseMessage response;
        try
        {
            response = await client.PostAsync(endpoint, form, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new DataverseAuthException($"Dataverse token request to {o.AuthorityHost} failed: {ex.Message}", ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                var error = TryRead<TokenError>(body);
                var message = error?.Error is null
                    ? $"Dataverse token request failed: {(int)response.StatusCode} {response.StatusCode}."
                    : $"Dataverse token request failed: {error.Error}: {ODataError.FirstLine(error.Description, 300) ?? "(no description)"}{Hint(error.Error)}";
                logger.LogError("{Message}", message);
                throw new DataverseAuthException(message) { Error = error?.Error };
            }

            var token = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken);
            if (token?.AccessToken is null)
            {
                throw new DataverseAuthException("Dataverse token response had no access_token.");
            }

            var lifetime = TimeSpan.FromSeconds(token.ExpiresIn > 0 ? token.ExpiresIn : 3599);
            var renewBefore = o.TokenRenewBefore < lifetime ? o.TokenRenewBefore : lifetime / 2;
            logger.LogDebug("Dataverse token acquired, valid for {Lifetime}", lifetime);
            return new CachedToken(token.AccessToken, requestedAt + lifetime - renewBefore);
        }
    }

    private static string Hint(string error) => error switch
    {
        "invalid_client" => " (check Trig:Dataverse:ClientId and Trig:Dataverse:ClientSecret)",
        "invalid_scope" => " (check Trig:Dataverse:Url)",
        "invalid_request" or "invalid_tenant" => " (check Trig:Dataverse:TenantId)",
        _ => "",
    };

    private static T? TryRead<T>(string body)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record CachedToken(string AccessToken, DateTimeOffset RenewAt);

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);

    private sealed record TokenError(
        [property: JsonPropertyName("error")] string? Error,
        [property: JsonPropertyName("error_description")] string? Description);
}
