using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Trig.Crm.HubSpot.Api;

namespace Trig.Crm.HubSpot.Source;

/// <summary>Owner emails: all owners paged once per pull, then one read per id the list did not have.</summary>
internal sealed class OwnerEmails(IHubSpotOwnersApi owners, ILogger logger)
{
    private const int PageSize = 100;

    public async Task<string?> OfAsync(PullRun run, string ownerId, CancellationToken cancellationToken)
    {
        run.Owners ??= await ListAllAsync(run, cancellationToken);
        if (run.Owners.TryGetValue(ownerId, out var email))
        {
            return email;
        }

        if (!long.TryParse(ownerId, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
        {
            run.Owners[ownerId] = null;
            return null;
        }

        run.Requests++;
        var response = await owners.GetAsync(ownerId, cancellationToken);
        response.ThrowIfNotReceived();
        email = response.IsSuccessful && !string.IsNullOrWhiteSpace(response.Content?.Email) ? response.Content.Email : null;
        if (!response.IsSuccessful && response.StatusCode != HttpStatusCode.NotFound)
        {
            logger.LogWarning("HubSpot owner {OwnerId} could not be read ({Status})", ownerId, response.Status());
        }

        run.Owners[ownerId] = email;
        return email;
    }

    private async Task<Dictionary<string, string?>> ListAllAsync(PullRun run, CancellationToken cancellationToken)
    {
        var all = new Dictionary<string, string?>(StringComparer.Ordinal);
        string? after = null;
        do
        {
            run.Requests++;
            var page = await owners.ListAsync(PageSize, after, cancellationToken);
            foreach (var owner in page.Results ?? [])
            {
                all[owner.Id] = string.IsNullOrWhiteSpace(owner.Email) ? null : owner.Email;
            }

            after = page.Paging?.Next?.After;
        }
        while (!string.IsNullOrEmpty(after));
        return all;
    }
}
