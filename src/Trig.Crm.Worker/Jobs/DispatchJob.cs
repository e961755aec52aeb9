using Quartz;
using Trig.Crm.Engine.Outbox;

namespace Trig.Crm.Worker.Jobs;

/// <summary>The outbox dispatcher's schedule (<c>Trig:Schedule:DispatchSeconds</c>); the fast path also dispatches at once.</summary>
[DisallowConcurrentExecution]
internal sealed class DispatchJob(OutboxDispatcher dispatcher, ILogger<DispatchJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await dispatcher.DispatchDueAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Dispatch failed");
        }
    }
}
