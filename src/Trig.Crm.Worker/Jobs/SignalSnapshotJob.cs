using Quartz;
using Trig.Crm.Engine.Insights;

namespace Trig.Crm.Worker.Jobs;

/// <summary>The daily signal snapshot (<c>Trig:Schedule:SignalSnapshot</c>). Thin: one call; a second run the same day replaces the first.</summary>
[DisallowConcurrentExecution]
internal sealed class SignalSnapshotJob(SignalHistory history, ILogger<SignalSnapshotJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            var signals = await history.SnapshotAsync(cancellationToken);
            logger.LogInformation("Signal snapshot taken for {Signals} signal(s)", signals);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A missed snapshot leaves a gap in the ARR history; the next run (or a manual one) fills today again.
            logger.LogError(ex, "Signal snapshot failed");
        }
    }
}
