using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using Refit;
using Trig.Crm.HubSpot.Api;
using Trig.Crm.Lifecycle.Metadata;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.HubSpot.Sink;

/// <summary>
/// Writes Trig's metadata to HubSpot: provisions the <c>trig_…</c> properties in group <c>trig</c> (read first, create
/// what is missing, never alter or delete), and pushes changes with <c>batch/update</c>, one input per record,
/// at most 100 per call.
/// </summary>
internal sealed partial class HubSpotMetadataSink(
    IHubSpotObjectsApi objects,
    IHubSpotPropertiesApi propertiesApi,
    IOptions<HubSpotOptions> options,
    ILogger<HubSpotMetadataSink> logger) : ICrmMetadataSink
{
    internal const string GroupName = "trig";
    internal const int BatchLimit = 100;
    internal const int MaxNameLength = 100;

    public string Provider => "hubspot";

    public bool WantsCardSummary => false;

    public string CrmName(string name) => MetadataNames.ToCrmName(options.Value.PropertyPrefix, name, MaxNameLength);

    public Task<ProvisionResult> ProvisionAsync(IReadOnlyList<MetadataProperty> properties, CancellationToken cancellationToken) =>
        new PropertyProvisioner(propertiesApi, logger).RunAsync(properties.ToLookup(p => p.Kind, ToCreate), cancellationToken);

    public async Task<PushResult> PushAsync(IReadOnlyList<MetadataChange> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return PushResult.Empty;
        }

        var written = new List<MetadataChange>();
        var dropped = new List<MetadataChange>();
        var failed = new List<PushFailure>();
        var notes = new List<string>();
        var requests = 0;
        HubSpotDailyLimitException? daily = null;

        foreach (var byKind in changes.GroupBy(c => c.Kind))
        {
            var type = HubSpotObjectTypes.Of(byKind.Key);
            var records = byKind.GroupBy(c => c.EntityId, StringComparer.Ordinal).Select(ToInput).ToList();
            foreach (var chunk in records.Chunk(BatchLimit))
            {
                if (daily is not null)
                {
                    failed.AddRange(chunk.SelectMany(r => r.Changes).Select(c => new PushFailure(c, daily.Message, true)));
                    continue;
                }

                try
                {
                    requests++;
                    var response = await objects.BatchUpdateAsync(type, new BatchInputSimplePublicObjectBatchInput([.. chunk.Select(r => r.Input)]), cancellationToken);
                    response.ThrowIfNotReceived();
                    Classify(type, chunk, response, written, dropped, failed);
                }
                catch (Exception ex) when (ex.DailyLimit() is { } limit)
                {
                    daily = limit;
                    notes.Add(limit.Message);
                    logger.LogError("HubSpot push stopped: {Reason}", limit.Message);
                    failed.AddRange(chunk.SelectMany(r => r.Changes).Select(c => new PushFailure(c, limit.Message, true)));
                }
                catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "HubSpot batch update of {Count} {Type} failed; retried next cycle", chunk.Length, type);
                    failed.AddRange(chunk.SelectMany(r => r.Changes).Select(c => new PushFailure(c, ex.Message, true)));
                }
            }
        }

        return new PushResult(written, dropped, failed, requests, notes);
    }

    private void Classify(
        string type,
        PendingRecord[] chunk,
        IApiResponse<BatchResponseSimplePublicObject> response,
        List<MetadataChange> written,
        List<MetadataChange> dropped,
        List<PushFailure> failed)
    {
        if (!response.IsSuccessful)
        {
            var status = response.Status();
            var transient = status is 429 or 408 or >= 500;
            var reason = $"{status}: {response.ErrorContent()}";
            logger.LogWarning("HubSpot batch update of {Count} {Type} refused with {Status}", chunk.Length, type, status);
            failed.AddRange(chunk.SelectMany(r => r.Changes).Select(c => new PushFailure(c, reason, transient)));
            return;
        }

        var errors = response.Content?.Errors ?? [];
        if (errors.Count == 0)
        {
            written.AddRange(chunk.SelectMany(r => r.Changes));
            return;
        }

        // 207: find each error's input, then count the rest written.
        var outcome = MatchErrors(chunk, errors, response.Content?.Results ?? []);
        foreach (var record in chunk)
        {
            if (!outcome.TryGetValue(record, out var error))
            {
                written.AddRange(record.Changes);
            }
            else if (HubSpotErrors.IsNotFound(error))
            {
                dropped.AddRange(record.Changes);
            }
            else
            {
                var reason = HubSpotErrors.Reason(error);
                var transient = HubSpotErrors.IsTransient(error);
                if (!transient)
                {
                    logger.LogWarning("HubSpot refused metadata for {Type} {Id}: {Reason}", type, record.Input.Id, reason);
                }

                failed.AddRange(record.Changes.Select(c => new PushFailure(c, reason, transient)));
            }
        }
    }

    /// <summary>
    /// Each error's input, by trace id or, defensively, by record id. Errors naming no input are blamed on the inputs
    /// HubSpot did not return as updated.
    /// </summary>
    private static Dictionary<PendingRecord, StandardError> MatchErrors(
        PendingRecord[] chunk, IReadOnlyList<StandardError> errors, IReadOnlyList<SimplePublicObject> updatedRecords)
    {
        var outcome = new Dictionary<PendingRecord, StandardError>();
        var unmatched = new List<StandardError>();
        foreach (var error in errors)
        {
            var hit = chunk.Where(r => HubSpotErrors.Mentions(error, r.Input.ObjectWriteTraceId!)).ToList();
            if (hit.Count == 0)
            {
                hit = [.. chunk.Where(r => HubSpotErrors.Mentions(error, r.Input.Id))];
            }

            if (hit.Count == 0)
            {
                unmatched.Add(error);
            }

            foreach (var record in hit)
            {
                outcome.TryAdd(record, error);
            }
        }

        if (unmatched.Count > 0)
        {
            var updated = updatedRecords.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var record in chunk.Where(r => !outcome.ContainsKey(r) && !updated.Contains(r.Input.Id)))
            {
                outcome[record] = unmatched[0];
            }
        }

        return outcome;
    }

    private PendingRecord ToInput(IGrouping<string, MetadataChange> record)
    {
        var properties = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var change in record)
        {
            properties[CrmName(change.Name)] = change.Value ?? string.Empty;
        }

        // Deterministic: the same change set always carries the same trace id.
        var digest = new StringBuilder(record.Key);
        foreach (var (name, value) in properties)
        {
            digest.Append('\n').Append(name).Append('=').Append(value);
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(digest.ToString())))[..8];
        return new PendingRecord(new SimplePublicObjectBatchInput(record.Key, properties, $"trig-{record.Key}-{hash}"), [.. record]);
    }

    private PropertyCreate ToCreate(MetadataProperty property)
    {
        var name = CrmName(property.Name);
        return property.Type switch
        {
            MetadataType.Bool => new PropertyCreate(name, property.Label, "bool", "booleancheckbox", GroupName, Description, [new OptionInput("Yes", "true", false, 0), new OptionInput("No", "false", false, 1)]),
            MetadataType.DateTime => new PropertyCreate(name, property.Label, "datetime", "date", GroupName, Description, null),
            MetadataType.Memo => new PropertyCreate(name, property.Label, "string", "textarea", GroupName, Description, null),
            _ => new PropertyCreate(name, property.Label, "string", "text", GroupName, Description, null),
        };
    }

    private const string Description = "Maintained by Trig (customer lifecycle). Do not edit by hand.";

    private sealed record PendingRecord(SimplePublicObjectBatchInput Input, List<MetadataChange> Changes);
}
