using Trig.Crm.Engine.Alerts;

namespace Trig.Crm.Worker.Services;

/// <summary>
/// Checks for stale evaluation every minute, so the alert goes out even when full cycles stop running at all (the
/// cycle itself checks after every run).
/// </summary>
internal sealed class StaleAlertService(StaleAlerts alerts, TimeProvider time, ILogger<StaleAlertService> logger) : BackgroundService
{
    internal static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, time, stoppingToken);
                await alerts.CheckAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Stale-evaluation check failed");
            }
        }
    }
}
