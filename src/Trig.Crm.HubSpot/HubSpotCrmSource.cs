using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Refit;
using Trig.Crm.HubSpot.Api;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.HubSpot;

/// <summary>
/// Pulls HubSpot companies and contacts: a full list read on the first run (or when asked), then searches on the
/// last-modified date from the stored checkpoint, or a batch read of exactly the records a webhook named.
/// </summary>
internal sealed class HubSpotCrmSource(
    IHubSpotObjectsApi objects,
    IHubSpotOwnersApi owners,
    IHubSpotAssociationsApi associations,
    IOptions<HubSpotOptions> options,
    TimeProvider time,
    ILogger<HubSpotCrmSource> logger) : ICrmSource
{
    internal const int ListLimit = 100;
    internal const int SearchLimit = 200;
    internal const int BatchLimit = 100;

    /// <summary>HubSpot search returns at most 10,000 results per query; paging past it gives 400.</summary>
    internal const int SearchCap = 10_000;

    /// <summary>Search results can lag writes: the checkpoint never passes "now minus this".</summary>
    internal static readonly TimeSpan SearchLag = TimeSpan.FromMinutes(1);

    private const string OwnerProperty = "hubspot_owner_id";
    private const string ObjectIdProperty = "hs_object_id";

    public string Provider => "hubspot";

    public static string CheckpointKey(EntityKind kind) => $"hubspot:{HubSpotObjectTypes.Of(kind)}:lastmodified";

    public async Task<CrmPullSummary> PullAsync(ICrmPullTarget target, CrmPullRequest request, CancellationToken cancellationToken)
    {
        var run = new Run(target, options.Value);
        try
        {
            if (request.Only is { Count: > 0 } only)
            {
                foreach (var group in only.GroupBy(r => r.Kind))
                {
                    await RefreshAsync(run, group.Key, group.Select(r => r.Id).Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
                }
            }
            else
            {
                foreach (var kind in (EntityKind[])[EntityKind.Organisation, EntityKind.Person])
                {
                    var checkpoint = request.Full ? null : await target.GetCheckpointAsync(CheckpointKey(kind), cancellationToken);
                    if (checkpoint is not null && long.TryParse(checkpoint, NumberStyles.Integer, CultureInfo.InvariantCulture, out var since))
                    {
                        await SearchChangedAsync(run, kind, since, cancellationToken);
                    }
                    else
                    {
                        await ReadAllAsync(run, kind, cancellationToken);
                    }
                }
            }
        }
        catch (Exception ex) when (ex.DailyLimit() is { } daily)
        {
            logger.LogError("HubSpot pull stopped: {Reason}", daily.Message);
            run.Notes.Add(daily.Message);
        }

        return new CrmPullSummary(run.Organisations, run.People, run.Deleted, run.Requests, run.Notes);
    }

    private async Task ReadAllAsync(Run run, EntityKind kind, CancellationToken cancellationToken)
    {
        var type = HubSpotObjectTypes.Of(kind);
        var startedAt = time.GetUtcNow();
        var properties = string.Join(',', RequestedProperties(run, kind));
        string? after = null;
        do
        {
            run.Requests++;
            var page = await objects.ListAsync(type, ListLimit, after, properties, "false", cancellationToken);
            await StoreAsync(run, kind, page.Results ?? [], cancellationToken);
            after = page.Paging?.Next?.After;
        }
        while (!string.IsNullOrEmpty(after));

        // Records archived since we last looked: HubSpot keeps them listable for 90 days.
        after = null;
        do
        {
            run.Requests++;
            var page = await objects.ListAsync(type, ListLimit, after, ObjectIdProperty, "true", cancellationToken);
            await DeleteAsync(run, kind, (page.Results ?? []).Select(r => r.Id).ToList(), cancellationToken);
            after = page.Paging?.Next?.After;
        }
        while (!string.IsNullOrEmpty(after));

        var checkpoint = (startedAt - SearchLag).ToUnixTimeMilliseconds();
        await run.Target.SetCheckpointAsync(CheckpointKey(kind), checkpoint.ToString(CultureInfo.InvariantCulture), cancellationToken);
        logger.LogInformation("HubSpot full read of {Type} done; checkpoint {Checkpoint}", type, checkpoint);
    }

    /// <summary>
    /// Searches records modified at or after <paramref name="since"/>, oldest first. Before the 10,000-result cap, the
    /// query restarts from the newest timestamp seen, skipping the ids already read at exactly that timestamp. When
    /// one timestamp alone holds a whole query's worth of records, those are walked by id (<c>hs_object_id</c>
    /// ascending) instead, so nothing is skipped and nothing loops.
    /// </summary>
    private async Task SearchChangedAsync(Run run, EntityKind kind, long since, CancellationToken cancellationToken)
    {
        var type = HubSpotObjectTypes.Of(kind);
        var tsProperty = HubSpotObjectTypes.LastModified(kind);
        var properties = RequestedProperties(run, kind);
        var startedAt = time.GetUtcNow();

        var lower = since;
        var lowerOperator = "GTE";
        var offset = 0;
        long maxSeen = since;
        var idsAtMax = new HashSet<string>(StringComparer.Ordinal);
        long skipTs = long.MinValue;
        var skip = new HashSet<string>(StringComparer.Ordinal);

        // Tie mode: walking the records of one timestamp by id.
        var tie = false;
        long tieAfterId = long.MinValue;
        var tieMaxId = long.MinValue;

        while (true)
        {
            var request = tie
                ? new PublicObjectSearchRequest(
                    [new FilterGroup([
                        new Filter(tsProperty, "EQ", skipTs.ToString(CultureInfo.InvariantCulture)),
                        .. tieAfterId == long.MinValue ? (Filter[])[] : [new Filter(ObjectIdProperty, "GT", tieAfterId.ToString(CultureInfo.InvariantCulture))],
                    ])],
                    [new SearchSort(ObjectIdProperty, "ASCENDING")],
                    properties,
                    SearchLimit,
                    offset.ToString(CultureInfo.InvariantCulture))
                : new PublicObjectSearchRequest(
                    [new FilterGroup([new Filter(tsProperty, lowerOperator, lower.ToString(CultureInfo.InvariantCulture))])],
                    [new SearchSort(tsProperty, "ASCENDING")],
                    properties,
                    SearchLimit,
                    offset.ToString(CultureInfo.InvariantCulture));

            CollectionResponseWithTotalSimplePublicObject page;
            try
            {
                run.Requests++;
                page = await objects.SearchAsync(type, request, cancellationToken);
            }
            catch (ApiException ex) when (ex.StatusCode == HttpStatusCode.BadRequest && offset > 0)
            {
                // Past the cap earlier than expected: restart as if the cap was reached.
                logger.LogWarning("HubSpot search of {Type} refused offset {Offset}; restarting from the newest timestamp seen", type, offset);
                page = new CollectionResponseWithTotalSimplePublicObject(0, [], new ForwardPaging(new NextPage(SearchCap.ToString(CultureInfo.InvariantCulture), null)));
            }

            var fresh = new List<SimplePublicObject>();
            foreach (var record in page.Results ?? [])
            {
                var ts = Timestamp(record, tsProperty) ?? lower;

                // The id cursor counts every record of the page, read before or not, so it always moves on.
                if (tie && long.TryParse(record.Id, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) && id > tieMaxId)
                {
                    tieMaxId = id;
                }

                if (ts == skipTs && skip.Contains(record.Id))
                {
                    continue;
                }

                if (ts == skipTs)
                {
                    skip.Add(record.Id);
                }

                if (ts > maxSeen)
                {
                    maxSeen = ts;
                    idsAtMax.Clear();
                }

                if (ts == maxSeen)
                {
                    idsAtMax.Add(record.Id);
                }

                fresh.Add(record);
            }

            await StoreAsync(run, kind, fresh, cancellationToken);

            var next = page.Paging?.Next?.After;
            if (string.IsNullOrEmpty(next))
            {
                if (!tie)
                {
                    break;
                }

                // Every record of the tied timestamp is read: go on strictly after it.
                tie = false;
                lower = skipTs;
                lowerOperator = "GT";
                offset = 0;
                continue;
            }

            var nextOffset = int.TryParse(next, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : SearchCap;
            if (nextOffset < SearchCap)
            {
                offset = nextOffset;
                continue;
            }

            // The next page would pass the 10,000 cap: restart.
            offset = 0;
            if (tie)
            {
                tieAfterId = tieMaxId;
            }
            else if (maxSeen > lower)
            {
                lower = maxSeen;
                lowerOperator = "GTE";
                skipTs = maxSeen;
                skip = [.. idsAtMax];
            }
            else
            {
                // A whole query's worth of records at one timestamp: walk that timestamp by id.
                tie = true;
                skipTs = lower;
                skip = [.. idsAtMax];
                tieAfterId = long.MinValue;
                tieMaxId = long.MinValue;
                logger.LogInformation("HubSpot search of {Type}: over {Cap} records share timestamp {Timestamp}; reading them by id", type, SearchCap, lower);
            }
        }

        var lagged = (startedAt - SearchLag).ToUnixTimeMilliseconds();
        var checkpoint = Math.Max(since, Math.Min(maxSeen, lagged));
        await run.Target.SetCheckpointAsync(CheckpointKey(kind), checkpoint.ToString(CultureInfo.InvariantCulture), cancellationToken);
    }

    private async Task RefreshAsync(Run run, EntityKind kind, List<string> ids, CancellationToken cancellationToken)
    {
        var type = HubSpotObjectTypes.Of(kind);
        var properties = RequestedProperties(run, kind);
        foreach (var chunk in ids.Chunk(BatchLimit))
        {
            run.Requests++;
            var response = await objects.BatchReadAsync(
                type,
                new BatchReadInputSimplePublicObjectId([.. chunk.Select(id => new SimplePublicObjectId(id))], properties, []),
                cancellationToken);
            response.ThrowIfNotReceived();
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                await DeleteAsync(run, kind, [.. chunk], cancellationToken);
                continue;
            }

            if (!response.IsSuccessful || response.Content is null)
            {
                throw response.Failure($"batch read of {type}");
            }

            var found = response.Content.Results ?? [];
            await StoreAsync(run, kind, found, cancellationToken);

            // Ids HubSpot did not return no longer exist (deleted, merged away): unless an error says otherwise.
            var returned = found.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
            var otherErrors = (response.Content.Errors ?? []).Where(e => !HubSpotErrors.IsNotFound(e)).ToList();
            var missing = chunk.Where(id => !returned.Contains(id) && !otherErrors.Any(e => HubSpotErrors.Mentions(e, id))).ToList();
            await DeleteAsync(run, kind, missing, cancellationToken);
        }
    }

    private async Task StoreAsync(Run run, EntityKind kind, IReadOnlyList<SimplePublicObject> records, CancellationToken cancellationToken)
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

        var companies = kind == EntityKind.Person ? await PrimaryCompaniesAsync(run, live.Select(r => r.Id).ToList(), cancellationToken) : null;
        var map = run.Map(kind);
        var portal = options.Value.PortalId;
        var result = new List<CrmRecord>(live.Count);
        foreach (var record in live)
        {
            string? ownerEmail = null;
            if (record.Properties?.GetValueOrDefault(OwnerProperty) is { Length: > 0 } ownerId)
            {
                ownerEmail = await OwnerEmailAsync(run, ownerId, cancellationToken);
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

    private static async Task DeleteAsync(Run run, EntityKind kind, List<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await run.Target.DeleteAsync(kind, ids, cancellationToken);
        run.Deleted += ids.Count;
    }

    /// <summary>Each contact's primary company: association type 1 (HUBSPOT_DEFINED), read in batches of 100.</summary>
    private async Task<Dictionary<string, string>> PrimaryCompaniesAsync(Run run, List<string> contactIds, CancellationToken cancellationToken)
    {
        var primary = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in contactIds.Chunk(BatchLimit))
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

    /// <summary>Owner emails: all owners paged once per run, then one read per id the list did not have.</summary>
    private async Task<string?> OwnerEmailAsync(Run run, string ownerId, CancellationToken cancellationToken)
    {
        if (run.Owners is null)
        {
            run.Owners = new Dictionary<string, string?>(StringComparer.Ordinal);
            string? after = null;
            do
            {
                run.Requests++;
                var page = await owners.ListAsync(100, after, cancellationToken);
                foreach (var owner in page.Results ?? [])
                {
                    run.Owners[owner.Id] = string.IsNullOrWhiteSpace(owner.Email) ? null : owner.Email;
                }

                after = page.Paging?.Next?.After;
            }
            while (!string.IsNullOrEmpty(after));
        }

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

    private static List<string> RequestedProperties(Run run, EntityKind kind)
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

    /// <summary>A record's last-modified time in epoch ms (HubSpot sends ISO 8601 or epoch ms), else its updatedAt.</summary>
    private static long? Timestamp(SimplePublicObject record, string property)
    {
        if (record.Properties?.GetValueOrDefault(property) is { Length: > 0 } text)
        {
            if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms))
            {
                return ms;
            }

            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d))
            {
                return d.ToUnixTimeMilliseconds();
            }
        }

        return record.UpdatedAt?.ToUnixTimeMilliseconds();
    }

    private sealed class Run(ICrmPullTarget target, HubSpotOptions options)
    {
        private HubSpotPropertyMap? _companies;
        private HubSpotPropertyMap? _contacts;

        public ICrmPullTarget Target => target;

        public List<string> Notes { get; } = [];

        public Dictionary<string, string?>? Owners { get; set; }

        public int Organisations { get; set; }

        public int People { get; set; }

        public int Deleted { get; set; }

        public int Requests { get; set; }

        public HubSpotPropertyMap Map(EntityKind kind) => kind == EntityKind.Organisation
            ? _companies ??= HubSpotPropertyMap.Create(HubSpotObjectTypes.Companies, options.CompanyProperties, options.Mapping)
            : _contacts ??= HubSpotPropertyMap.Create(HubSpotObjectTypes.Contacts, options.ContactProperties, options.Mapping);
    }
}
