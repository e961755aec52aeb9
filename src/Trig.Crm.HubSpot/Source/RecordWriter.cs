using Trig.Crm.HubSpot.Api;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.HubSpot.Source;

/// <summary>
/// Maps HubSpot objects to <see cref="CrmRecord"/>s (attributes, owner email, primary company, record link) and hands
/// them to the pull target; archived ones are deleted there.
/// </summary>
internal sealed class RecordWriter(OwnerEmails ownerEmails, PrimaryCompanies primaryCompanies)
{
    internal const string OwnerProperty = "hubspot_owner_id";

    /// <summary>The properties to ask for: the mapped ones, plus the owner and the last-modified date the pull needs.</summary>
    public static List<string> RequestedProperties(PullRun run, EntityKind kind)
    {
        var list = new List<string>(run.Map(kind).Properties);
        foreach (var extra in (string[])[OwnerProperty, HubSpotObjectTypes.LastModified(kind)])
        {
            if (!list.Contains(extra, StringComparer.Ordinal))
            {
                list.Add(extra);
            }
        }

        return list;
    }

    public async Task StoreAsync(PullRun run, EntityKind kind, IReadOnlyList<SimplePublicObject> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return;
        }

        await DeleteAsync(run, kind, records.Where(r => r.Archived).Select(r => r.Id).ToList(), cancellationToken);
        var live = records.Where(r => !r.Archived).ToList();
        if (live.Count == 0)
        {
            return;
        }

        var companies = kind == EntityKind.Person ? await primaryCompanies.OfAsync(run, live.Select(r => r.Id).ToList(), cancellationToken) : null;
        var map = run.Map(kind);
        var portal = run.Options.PortalId;
        var result = new List<CrmRecord>(live.Count);
        foreach (var record in live)
        {
            string? ownerEmail = null;
            if (record.Properties?.GetValueOrDefault(OwnerProperty) is { Length: > 0 } ownerId)
            {
                ownerEmail = await ownerEmails.OfAsync(run, ownerId, cancellationToken);
            }

            result.Add(new CrmRecord(kind, record.Id, companies?.GetValueOrDefault(record.Id), map.ToAttributes(record.Properties))
            {
                OwnerEmail = ownerEmail,
                RecordUrl = string.IsNullOrWhiteSpace(portal) ? null : $"https://app.hubspot.com/contacts/{portal}/record/{HubSpotObjectTypes.TypeId(kind)}/{record.Id}",
            });
        }

        await run.Target.UpsertAsync(result, cancellationToken);
        if (kind == EntityKind.Organisation)
        {
            run.Organisations += result.Count;
        }
        else
        {
            run.People += result.Count;
        }
    }

    public static async Task DeleteAsync(PullRun run, EntityKind kind, List<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await run.Target.DeleteAsync(kind, ids, cancellationToken);
        run.Deleted += ids.Count;
    }
}
