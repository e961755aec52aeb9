using Quartz;
using Trig.Crm.Ingest.Warehouse;

namespace Trig.Crm.Worker.Jobs;

/// <summary>The scheduled run of one warehouse source (job data <c>source</c>). Thin, and never overlapping itself.</summary>
[DisallowConcurrentExecution]
internal sealed class WarehouseJob(WarehouseSync sync, ILogger<WarehouseJob> logger) : IJob
{
    public const string SourceKey = "source";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var name = context.MergedJobDataMap.GetString(SourceKey) ?? "";
        try
        {
            var report = await sync.RunAsync(name, cancellationToken);
            logger.LogInformation("Warehouse source {Source}: {Rows} rows, {Entities} entities written, {Bad} values refused", name, report.Rows, report.Entities, report.BadCells);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Exception text only: Npgsql messages never contain the password.
            logger.LogError("Warehouse source {Source} failed: {Error}", name, ex.Message);
        }
    }
}
