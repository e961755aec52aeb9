using Microsoft.Extensions.Options;
using Trig.Crm.Engine.Cycle;
using Trig.Crm.Engine.Outbox;
using Trig.Crm.Ingest;
using Trig.Crm.Ingest.Identity;
using Trig.Crm.Store;

namespace Trig.Crm.Worker.Services;

/// <summary>
/// Runs the fast path the moment ingest commits (event → Slack in well under the interval of the timed
/// fast path), and re-checks pending ids every <see cref="IngestOptions.PendingRecheckSeconds"/>.
/// </summary>
internal sealed class IngestFastPathService(
    IncrementalCycle fastPath,
    OutboxDispatcher dispatcher,
    ITrigStore store,
    IngestSignal signal,
    IngestIdentityProvider identity,
    IOptions<IngestOptions> options,
    TimeProvider time,
    ILogger<IngestFastPathService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var recheck = TimeSpan.FromSeconds(options.Value.PendingRecheckSeconds);
        var nextRecheck = time.GetUtcNow() + recheck;
        var gap = TimeSpan.FromMilliseconds(options.Value.MinWakeGapMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var wait = nextRecheck - time.GetUtcNow();
                await signal.WaitAsync(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), time, stoppingToken);
                if (time.GetUtcNow() >= nextRecheck)
                {
                    nextRecheck = time.GetUtcNow() + recheck;
                    var linked = await store.ResolvePendingAsync(identity.Identity, stoppingToken);
                    if (linked > 0)
                    {
                        logger.LogInformation("Linked {Count} pending ingest messages to CRM records", linked);
                    }
                }

                if ((await fastPath.RunAsync(signal.TakeLinks(), stoppingToken)).Transitions > 0)
                {
                    await dispatcher.DispatchDueAsync(stoppingToken);
                }

                if (gap > TimeSpan.Zero)
                {
                    await Task.Delay(gap, time, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Ingest fast path failed; the timed fast path and the next signal try again");
            }
        }
    }
}
