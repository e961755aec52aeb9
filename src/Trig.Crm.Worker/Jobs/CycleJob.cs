using Quartz;
using Trig.Crm.Engine.Cycle;

namespace Trig.Crm.Worker.Jobs;

/// <summary>The scheduled full cycle (<c>Trig:Schedule:Cycle</c>). Thin: one call, never overlapping itself.</summary>
[DisallowConcurrentExecution]
internal sealed class CycleJob(FullCycle runner, ILogger<CycleJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            var report = await runner.RunAsync(new FullCycleRequest(Dispatch: false, Metrics: false), cancellationToken);
            logger.LogInformation("Cycle done: {Transitions} transitions, {Written} properties written, {Queued} actions queued",
                report.Transitions.Values.Sum(v => v.Values.Sum()), report.PropertiesWritten, report.ActionsQueued);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The host keeps running on its last good state; the next run tries again.
            logger.LogError(ex, "Cycle failed");
        }
    }
}
