using System.Net;
using Trig.Crm.HubSpot.Api;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.HubSpot.Source;

/// <summary>Reads exactly the records a webhook named, in batches; ids HubSpot no longer has are deleted.</summary>
internal sealed class BatchRefresh(IHubSpotObjectsApi objects, RecordWriter writer)
{
    public async Task RunAsync(PullRun run, EntityKind kind, List<string> ids, CancellationToken cancellationToken)
    {
        var type = HubSpotObjectTypes.Of(kind);
        var properties = RecordWriter.RequestedProperties(run, kind);
        foreach (var chunk in ids.Chunk(HubSpotCrmSource.BatchLimit))
        {
            run.Requests++;
            var response = await objects.BatchReadAsync(
                type,
                new BatchReadInputSimplePublicObjectId([.. chunk.Select(id => new SimplePublicObjectId(id))], properties, []),
                cancellationToken);
            response.ThrowIfNotReceived();
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                await RecordWriter.DeleteAsync(run, kind, [.. chunk], cancellationToken);
                continue;
            }

            if (!response.IsSuccessful || response.Content is null)
            {
                throw response.Failure($"batch read of {type}");
            }

            var found = response.Content.Results ?? [];
            await writer.StoreAsync(run, kind, found, cancellationToken);

            // Ids HubSpot did not return no longer exist (deleted, merged away): unless an error says otherwise.
            var returned = found.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
            var otherErrors = (response.Content.Errors ?? []).Where(e => !HubSpotErrors.IsNotFound(e)).ToList();
            var missing = chunk.Where(id => !returned.Contains(id) && !otherErrors.Any(e => HubSpotErrors.Mentions(e, id))).ToList();
            await RecordWriter.DeleteAsync(run, kind, missing, cancellationToken);
        }
    }
}
