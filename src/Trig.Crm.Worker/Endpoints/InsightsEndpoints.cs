using Microsoft.AspNetCore.Http.HttpResults;
using Trig.Crm.Engine.Insights;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Store.Insights;

namespace Trig.Crm.Worker.Endpoints;

/// <summary>
/// <c>/api/admin/insights/…</c> and <c>/api/admin/definitions/{key}/members</c>: the insights reports, read-only,
/// behind the admin auth filter. A bad request (unknown key, bad criteria or option) is a 400/404 ProblemDetails.
/// </summary>
internal static class InsightsEndpoints
{
    public static IEndpointRouteBuilder MapInsightsEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").AddEndpointFilter<AdminAuthFilter>().WithBodyLimit(RequestBodyLimits.Default);
        admin.MapGet("/insights/retention", RetentionAsync);
        admin.MapGet("/insights/funnel/{stage}", (string stage, FunnelAnalysis funnel, CancellationToken ct) => Answer(() => funnel.RunAsync(stage, ct)));
        admin.MapGet("/insights/jobs/{key}", (string key, JobAnalysis jobs, CancellationToken ct) => Answer(() => jobs.RunAsync(key, ct)));
        admin.MapGet("/insights/signals/{key}", (string key, SignalHistory signals, CancellationToken ct) => Answer(() => signals.ReportAsync(key, ct)));
        admin.MapGet("/definitions/{key}/members", MembersAsync);
        return app;
    }

    private static Task<Results<Ok<RetentionReport>, ProblemHttpResult>> RetentionAsync(
        RetentionAnalysis retention, string? outcome, string? retainedCohort, string? churnedCohort, string? within, CancellationToken ct) =>
        Answer(() =>
        {
            TimeSpan? span = null;
            if (within is not null)
            {
                span = DurationParser.TryParse(within, out var w) ? w : throw new InsightsRequestException($"within '{within}' is not a duration (use e.g. 7d, 30d, 2w)");
            }

            return retention.RunAsync(new RetentionRequest(outcome, retainedCohort, churnedCohort, span), ct);
        });

    private static async Task<Results<Ok<MembersPage>, PushStreamHttpResult, ProblemHttpResult>> MembersAsync(
        string key, CohortMembers members, string? attributes, int? page, string? format, CancellationToken ct)
    {
        var names = attributes?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        try
        {
            // The first page also validates the key and attributes, before a CSV download starts.
            var first = await members.PageAsync(key, names, page ?? 1, ct);
            if (!string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
            {
                return format is null or "json"
                    ? TypedResults.Ok(first)
                    : TypedResults.Problem(title: "Bad request", detail: $"format '{format}' is unknown (use json or csv)", statusCode: StatusCodes.Status400BadRequest);
            }

            return TypedResults.Stream(
                async stream =>
                {
                    await using var writer = new StreamWriter(stream, leaveOpen: true);
                    await members.WriteCsvAsync(key, names, writer, ct);
                },
                "text/csv; charset=utf-8",
                $"{key}-members.csv");
        }
        catch (InsightsRequestException ex)
        {
            return Problem(ex);
        }
    }

    private static async Task<Results<Ok<T>, ProblemHttpResult>> Answer<T>(Func<Task<T>> run)
    {
        try
        {
            return TypedResults.Ok(await run());
        }
        catch (InsightsRequestException ex)
        {
            return Problem(ex);
        }
    }

    private static ProblemHttpResult Problem(InsightsRequestException ex) => ex.NotFound
        ? TypedResults.Problem(title: "Not found", detail: ex.Message, statusCode: StatusCodes.Status404NotFound)
        : TypedResults.Problem(title: "Bad request", detail: ex.Message, statusCode: StatusCodes.Status400BadRequest);
}
