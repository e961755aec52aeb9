using Microsoft.Extensions.Options;

namespace Trig.Crm.Dynamics;

/// <summary>Required keys, reported on one line that names each missing key.</summary>
internal sealed class DataverseOptionsValidator : IValidateOptions<DataverseOptions>
{
    public ValidateOptionsResult Validate(string? name, DataverseOptions options)
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Url)) missing.Add("Url");
        if (string.IsNullOrWhiteSpace(options.TenantId)) missing.Add("TenantId");
        if (string.IsNullOrWhiteSpace(options.ClientId)) missing.Add("ClientId");
        if (string.IsNullOrWhiteSpace(options.ClientSecret)) missing.Add("ClientSecret");
        if (missing.Count > 0)
        {
            return ValidateOptionsResult.Fail(
                "Dataverse is selected (Trig:Crm:Provider=dynamics) but " +
                string.Join(", ", missing.Select(k => $"{DataverseOptions.SectionName}:{k}")) + (missing.Count == 1 ? " is" : " are") + " not set.");
        }

        if (!IsHttpUrl(options.Url!))
        {
            return ValidateOptionsResult.Fail($"{DataverseOptions.SectionName}:Url must be an absolute URL such as https://contoso.crm.dynamics.com (got '{options.Url}').");
        }

        if (!IsHttpUrl(options.AuthorityHost))
        {
            return ValidateOptionsResult.Fail($"{DataverseOptions.SectionName}:AuthorityHost must be an absolute URL (got '{options.AuthorityHost}').");
        }

        if (string.IsNullOrWhiteSpace(options.PublisherPrefix) || !options.PublisherPrefix.All(char.IsAsciiLetterOrDigit))
        {
            return ValidateOptionsResult.Fail($"{DataverseOptions.SectionName}:PublisherPrefix must be letters and digits (got '{options.PublisherPrefix}').");
        }

        foreach (var (column, type) in options.ColumnTypes)
        {
            if (!ColumnKind.TryParse(type, out _))
            {
                return ValidateOptionsResult.Fail($"{DataverseOptions.SectionName}:ColumnTypes:{column} must be string, number, bool, datetime, list or label (got '{type}').");
            }
        }

        return ValidateOptionsResult.Success;
    }

    private static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
