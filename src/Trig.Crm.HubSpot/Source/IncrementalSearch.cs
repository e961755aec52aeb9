using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Refit;
using Trig.Crm.HubSpot.Api;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.HubSpot.Source;

/// <summary>
/// Searches records modified at or after the checkpoint, oldest first, page by page through a <see cref="SearchCursor"/>
/// (which handles the 10,000-result cap), then moves the checkpoint on, never past "now minus the search lag".
/// </summary>
internal sealed class IncrementalSearch(IHubSpotObjectsApi objects, RecordWriter writer, TimeProvider time, ILogger logger)
{
    public async Task RunAsync(PullRun run, EntityKind kind, long since, CancellationToken cancellationToken)
    {
        var type = HubSpotObjectTypes.Of(kind);
        var startedAt = time.GetUtcNow();
        var cursor = new SearchCursor(HubSpotObjectTypes.LastModified(kind), RecordWriter.RequestedProperties(run, kind), since);
        var move = SearchCursor.Move.NextPage;
        while (move != SearchCursor.Move.Done)
        {
            var page = await SearchAsync(run, type, cursor, cancellationToken);
            await writer.StoreAsync(run, kind, cursor.Accept(page.Results ?? []), cancellationToken);
            move = cursor.Advance(page.Paging?.Next?.After);
            if (move == SearchCursor.Move.TieStarted)
            {
                logger.LogInformation("HubSpot search of {Type}: over {Cap} records share timestamp {Timestamp}; reading them by id", type, SearchCursor.SearchCap, cursor.Lower);
            }
        }

        var lagged = (startedAt - HubSpotCrmSource.SearchLag).ToUnixTimeMilliseconds();
        var checkpoint = Math.Max(since, Math.Min(cursor.MaxSeen, lagged));
        await run.Target.SetCheckpointAsync(HubSpotCrmSource.CheckpointKey(kind), checkpoint.ToString(CultureInfo.InvariantCulture), cancellationToken);
    }

    private async Task<CollectionResponseWithTotalSimplePublicObject> SearchAsync(PullRun run, string type, SearchCursor cursor, CancellationToken cancellationToken)
    {
        try
        {
            run.Requests++;
            return await objects.SearchAsync(type, cursor.NextRequest(), cancellationToken);
        }
        catch (ApiException ex) when (ex.StatusCode == HttpStatusCode.BadRequest && cursor.Offset > 0)
        {
            // Past the cap earlier than expected: restart as if the cap was reached.
            logger.LogWarning("HubSpot search of {Type} refused offset {Offset}; restarting from the newest timestamp seen", type, cursor.Offset);
            var atCap = new ForwardPaging(new NextPage(SearchCursor.SearchCap.ToString(CultureInfo.InvariantCulture), null));
            return new CollectionResponseWithTotalSimplePublicObject(0, [], atCap);
        }
    }
}
