using Microsoft.Extensions.Options;
using Trig.Crm.Engine.Cycle;
using Trig.Crm.Engine.Options;
using Trig.Crm.Engine.Outbox;

namespace Trig.Crm.Worker.Services;

/// <summary>
/// The fast path: every <c>Trig:Schedule:FastPathMilliseconds</c> it evaluates the units that ingest, imports or
/// webhooks marked dirty, and dispatches the resulting actions at once (event → Slack within seconds).
/// </summary>
internal sealed class FastPathService(IncrementalCycle fastPath, OutboxDispatcher dispatcher, IOptions<TrigOptions> options, TimeProvider time, ILogger<FastPathService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMilliseconds(options.Value.Schedule.FastPathMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if ((await fastPath.RunAsync(stoppingToken)).Transitions > 0)
                {
                    await dispatcher.DispatchDueAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Fast-path evaluation failed");
            }

            try
            {
                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
