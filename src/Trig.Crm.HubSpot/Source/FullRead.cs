using System.Globalization;
using Microsoft.Extensions.Logging;
using Trig.Crm.HubSpot.Api;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.HubSpot.Source;

/// <summary>The first (or a forced) pull of a type: every live record, then the archived ones, then a checkpoint.</summary>
internal sealed class FullRead(IHubSpotObjectsApi objects, RecordWriter writer, TimeProvider time, ILogger logger)
{
    private const int ListLimit = 100;
    private const string ObjectIdProperty = "hs_object_id";

    public async Task RunAsync(PullRun run, EntityKind kind, CancellationToken cancellationToken)
    {
        var type = HubSpotObjectTypes.Of(kind);
        var startedAt = time.GetUtcNow();
        var properties = string.Join(',', RecordWriter.RequestedProperties(run, kind));
        string? after = null;
        do
        {
            run.Requests++;
            var page = await objects.ListAsync(type, ListLimit, after, properties, "false", cancellationToken);
            await writer.StoreAsync(run, kind, page.Results ?? [], cancellationToken);
            after = page.Paging?.Next?.After;
        }
        while (!string.IsNullOrEmpty(after));

        // Records archived since we last looked: HubSpot keeps them listable for 90 days.
        after = null;
        do
        {
            run.Requests++;
            var page = await objects.ListAsync(type, ListLimit, after, ObjectIdProperty, "true", cancellationToken);
            await RecordWriter.DeleteAsync(run, kind, (page.Results ?? []).Select(r => r.Id).ToList(), cancellationToken);
            after = page.Paging?.Next?.After;
        }
        while (!string.IsNullOrEmpty(after));

        var checkpoint = (startedAt - HubSpotCrmSource.SearchLag).ToUnixTimeMilliseconds();
        await run.Target.SetCheckpointAsync(HubSpotCrmSource.CheckpointKey(kind), checkpoint.ToString(CultureInfo.InvariantCulture), cancellationToken);
        logger.LogInformation("HubSpot full read of {Type} done; checkpoint {Checkpoint}", type, checkpoint);
    }
}
