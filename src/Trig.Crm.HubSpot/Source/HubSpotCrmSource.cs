using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Trig.Crm.HubSpot.Api;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.HubSpot.Source;

/// <summary>
/// Pulls HubSpot companies and contacts: a full list read on the first run (or when asked), then searches on the
/// last-modified date from the stored checkpoint, or a batch read of exactly the records a webhook named.
/// </summary>
internal sealed class HubSpotCrmSource : ICrmSource
{
    internal const int BatchLimit = 100;

    /// <summary>Search results can lag writes: the checkpoint never passes "now minus this".</summary>
    internal static readonly TimeSpan SearchLag = TimeSpan.FromMinutes(1);

    private readonly IOptions<HubSpotOptions> _options;
    private readonly ILogger<HubSpotCrmSource> _logger;
    private readonly FullRead _fullRead;
    private readonly IncrementalSearch _search;
    private readonly BatchRefresh _refresh;

    public HubSpotCrmSource(
        IHubSpotObjectsApi objects,
        IHubSpotOwnersApi owners,
        IHubSpotAssociationsApi associations,
        IOptions<HubSpotOptions> options,
        TimeProvider time,
        ILogger<HubSpotCrmSource> logger)
    {
        _options = options;
        _logger = logger;
        var writer = new RecordWriter(new OwnerEmails(owners, logger), new PrimaryCompanies(associations));
        _fullRead = new FullRead(objects, writer, time, logger);
        _search = new IncrementalSearch(objects, writer, time, logger);
        _refresh = new BatchRefresh(objects, writer);
    }

    public string Provider => "hubspot";

    public static string CheckpointKey(EntityKind kind) => $"hubspot:{HubSpotObjectTypes.Of(kind)}:lastmodified";

    public async Task<CrmPullSummary> PullAsync(ICrmPullTarget target, CrmPullRequest request, CancellationToken cancellationToken)
    {
        var run = new PullRun(target, _options.Value);
        try
        {
            if (request.Only is { Count: > 0 } only)
            {
                foreach (var group in only.GroupBy(r => r.Kind))
                {
                    await _refresh.RunAsync(run, group.Key, group.Select(r => r.Id).Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
                }
            }
            else
            {
                foreach (var kind in (EntityKind[])[EntityKind.Organisation, EntityKind.Person])
                {
                    await PullKindAsync(run, kind, request.Full, cancellationToken);
                }
            }
        }
        catch (Exception ex) when (ex.DailyLimit() is { } daily)
        {
            _logger.LogError("HubSpot pull stopped: {Reason}", daily.Message);
            run.Notes.Add(daily.Message);
        }

        return run.ToSummary();
    }

    private async Task PullKindAsync(PullRun run, EntityKind kind, bool full, CancellationToken cancellationToken)
    {
        var checkpoint = full ? null : await run.Target.GetCheckpointAsync(CheckpointKey(kind), cancellationToken);
        if (checkpoint is not null && long.TryParse(checkpoint, NumberStyles.Integer, CultureInfo.InvariantCulture, out var since))
        {
            await _search.RunAsync(run, kind, since, cancellationToken);
        }
        else
        {
            await _fullRead.RunAsync(run, kind, cancellationToken);
        }
    }
}
