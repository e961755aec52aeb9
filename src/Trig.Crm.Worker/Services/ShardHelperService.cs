using Microsoft.Extensions.Options;
using Trig.Crm.Engine.Cluster;

namespace Trig.Crm.Worker.Services;

/// <summary>
/// Every <c>Trig:Cluster:PollMilliseconds</c>, works the open shards of a full cycle another <c>trig run</c> opened
/// on the same store (<see cref="ShardHelper"/>). Alone on a store it finds nothing to do: its own cycles work their
/// shards themselves.
/// </summary>
internal sealed class ShardHelperService(ShardHelper helper, IOptions<ClusterOptions> options, TimeProvider time, ILogger<ShardHelperService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMilliseconds(options.Value.PollMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await helper.RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The shard's lease lapses and a node (this one next time) takes it again.
                logger.LogError(ex, "Working the shards of an open cycle failed");
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
