using Microsoft.Extensions.Options;

namespace Trig.Crm.HubSpot;

/// <summary>Start-up checks: each failure is one line naming the setting.</summary>
internal sealed class HubSpotOptionsValidator : IValidateOptions<HubSpotOptions>
{
    public ValidateOptionsResult Validate(string? name, HubSpotOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.AccessToken))
        {
            failures.Add("Trig:HubSpot:AccessToken is required (the HubSpot private app token) when Trig:Crm:Provider is hubspot.");
        }

        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out _))
        {
            failures.Add($"Trig:HubSpot:BaseUrl must be an absolute URL (got '{options.BaseUrl}').");
        }

        if (options.RequestsPer10Seconds is < 1 or > 10_000)
        {
            failures.Add("Trig:HubSpot:RequestsPer10Seconds must be between 1 and 10000.");
        }

        if (string.IsNullOrWhiteSpace(options.PropertyPrefix))
        {
            failures.Add("Trig:HubSpot:PropertyPrefix must not be empty.");
        }

        foreach (var (objectType, properties) in options.Mapping)
        {
            foreach (var (property, type) in properties)
            {
                if (!HubSpotPropertyMap.TryParseKind(type, out _))
                {
                    failures.Add($"Trig:HubSpot:Mapping:{objectType}:{property} must be string, number, bool, datetime or list (got '{type}').");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
