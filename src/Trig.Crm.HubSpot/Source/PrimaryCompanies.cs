using Trig.Crm.HubSpot.Api;

namespace Trig.Crm.HubSpot.Source;

/// <summary>Each contact's primary company: association type 1 (HUBSPOT_DEFINED), read in batches of 100.</summary>
internal sealed class PrimaryCompanies(IHubSpotAssociationsApi associations)
{
    public async Task<Dictionary<string, string>> OfAsync(PullRun run, List<string> contactIds, CancellationToken cancellationToken)
    {
        var primary = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in contactIds.Chunk(HubSpotCrmSource.BatchLimit))
        {
            run.Requests++;
            var response = await associations.BatchReadAsync(
                HubSpotObjectTypes.Contacts,
                HubSpotObjectTypes.Companies,
                new BatchInputPublicFetchAssociationsBatchRequest([.. chunk.Select(id => new PublicFetchAssociationsBatchRequest(id, null))]),
                cancellationToken);
            response.ThrowIfNotReceived();
            if (!response.IsSuccessful || response.Content is null)
            {
                // A contact without companies may come back as an error of its own; a whole failure is a real one.
                throw response.Failure("association read");
            }

            foreach (var result in response.Content.Results ?? [])
            {
                var company = result.To?.FirstOrDefault(to => to.AssociationTypes?.Any(IsPrimary) == true);
                if (company is not null)
                {
                    primary[result.From.Id] = company.ToObjectId;
                }
            }
        }

        return primary;
    }

    private static bool IsPrimary(AssociationSpecWithLabel type) =>
        type.TypeId == 1 && string.Equals(type.Category, "HUBSPOT_DEFINED", StringComparison.OrdinalIgnoreCase);
}
