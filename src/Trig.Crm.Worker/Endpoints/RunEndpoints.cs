using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Trig.Crm.Engine.Alerts;
using Trig.Crm.Engine.Cluster;
using Trig.Crm.Store;
using Trig.Crm.Store.Runs;
using Trig.Crm.Worker.Cli;

namespace Trig.Crm.Worker.Endpoints;

/// <summary>
/// <c>GET /api/admin/runs</c>: the latest full cycles (start, duration, outcome, counts); <c>GET /api/admin/cluster</c>:
/// what <c>trig cluster status --json</c> prints (the scheduler's nodes, the open cycle's shards, the last closed
/// cycles), the same shape. Admin only.
/// </summary>
internal static class RunEndpoints
{
    public static IEndpointRouteBuilder MapRunEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").AddEndpointFilter<AdminAuthFilter>().WithBodyLimit(RequestBodyLimits.Default);
        admin.MapGet("/runs", ListAsync);
        admin.MapGet("/cluster", ClusterAsync);
        return app;
    }

    internal sealed record RunView(
        long Id, string Kind, DateTimeOffset StartedAt, double DurationSeconds, string Outcome, string? Error,
        int EntitiesEvaluated, int Transitions, int ActionsQueued, int PropertiesWritten);

    /// <summary>A definition's freshness: when a completed full cycle last evaluated it, how long ago, and whether that is stale.</summary>
    internal sealed record Freshness(DateTimeOffset? EvaluatedAt, double? AgeSeconds, bool Stale);

    internal static Freshness FreshnessOf(IReadOnlyDictionary<string, DateTimeOffset> evaluated, string key, StaleAlerts alerts, DateTimeOffset now) =>
        evaluated.TryGetValue(key, out var at)
            ? new Freshness(at, Math.Round((now - at).TotalSeconds), now - at > alerts.StaleAfter)
            : new Freshness(null, null, false);

    private static async Task<Results<Ok<List<RunView>>, ProblemHttpResult>> ListAsync(int? limit, ITrigStore store, CancellationToken ct)
    {
        if (limit is < 1 or > 500)
        {
            return TypedResults.Problem(title: "Bad request", detail: "limit must be between 1 and 500", statusCode: StatusCodes.Status400BadRequest);
        }

        var runs = await store.RecentRunsAsync(limit ?? 50, ct);
        return TypedResults.Ok(runs.Select(View).ToList());
    }

    private static async Task<Ok<object>> ClusterAsync(ITrigStore store, TimeProvider time, IOptions<ClusterOptions> options, CancellationToken ct)
    {
        var (status, now, threshold) = await ClusterCommand.ReadAsync(store, time, options.Value, ct);
        return TypedResults.Ok(ClusterStatusText.Json(status, now, threshold));
    }

    private static RunView View(CycleRun r) =>
        new(r.Id, r.Kind, r.StartedAt, Math.Round(r.Duration.TotalSeconds, 3), r.Outcome, r.Error, r.EntitiesEvaluated, r.Transitions, r.ActionsQueued, r.PropertiesWritten);
}
