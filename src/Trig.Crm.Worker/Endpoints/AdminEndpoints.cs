using Microsoft.AspNetCore.Http.HttpResults;
using Trig.Crm.Engine.Alerts;
using Trig.Crm.Engine.Cycle;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Store;

namespace Trig.Crm.Worker.Endpoints;

/// <summary><c>/api/admin/...</c>: definitions with status and metrics, audience preview, pause/resume, failed actions.</summary>
internal static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").AddEndpointFilter<AdminAuthFilter>().WithBodyLimit(RequestBodyLimits.Default);
        admin.MapGet("/definitions", ListAsync);
        admin.MapGet("/definitions/{key}/preview", PreviewAsync);
        admin.MapPost("/definitions/{key}/pause", (string key, HttpContext http, ITrigStore store, DefinitionCatalog catalog, TimeProvider time, CancellationToken ct) => SetPausedAsync(key, true, http, store, catalog, time, ct));
        admin.MapPost("/definitions/{key}/resume", (string key, HttpContext http, ITrigStore store, DefinitionCatalog catalog, TimeProvider time, CancellationToken ct) => SetPausedAsync(key, false, http, store, catalog, time, ct));
        admin.MapGet("/actions/failed", FailedAsync);
        admin.MapPost("/actions/{id:long}/retry", RetryAsync);
        return app;
    }

    internal sealed record AdminMetrics(int Entered, int Completed, int Exited, int Active, double? CompletionRate, double? MedianDaysToComplete);

    internal sealed record AdminDefinition(string Key, string Name, string Kind, string Entity, string Status, AdminMetrics Metrics, string Source)
    {
        /// <summary>When a completed full cycle last evaluated it (the list only).</summary>
        public RunEndpoints.Freshness? Freshness { get; init; }
    }

    internal sealed record AudienceEntry(string Id, string Name);

    internal sealed record AudiencePreview(string Key, IReadOnlyList<AudienceEntry> WouldEnter, IReadOnlyList<AudienceEntry> WouldComplete, IReadOnlyList<AudienceEntry> WouldExit);

    internal sealed record FailedAction(long Id, string DefinitionKey, string Kind, string EntityId, string? Reason, int Attempts, DateTimeOffset FailedAt);

    private static async Task<Results<Ok<List<AdminDefinition>>, ProblemHttpResult>> ListAsync(
        ITrigStore store, DefinitionCatalog catalog, StaleAlerts alerts, TimeProvider time, CancellationToken ct)
    {
        var set = catalog.Current ?? catalog.Reload();
        if (set is null)
        {
            return TypedResults.Problem(title: "Definitions invalid", detail: catalog.LastErrors, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var runtime = await store.LoadDefinitionRuntimeAsync(ct);
        var metrics = (await store.MetricsAsync(ct)).ToDictionary(m => m.Key, StringComparer.Ordinal);
        var evaluated = await store.FreshnessAsync(ct);
        var now = time.GetUtcNow();
        return TypedResults.Ok(set.All.Select(d => Describe(d, runtime, metrics) with { Freshness = RunEndpoints.FreshnessOf(evaluated, d.Key, alerts, now) }).ToList());
    }

    private static AdminDefinition Describe(Definition d, IReadOnlyDictionary<string, DefinitionRuntime> runtime, IReadOnlyDictionary<string, DefinitionMetrics> metrics)
    {
        var paused = d.Paused || (runtime.TryGetValue(d.Key, out var r) && r.PausedByAdmin);
        var m = metrics.GetValueOrDefault(d.Key);
        return new AdminDefinition(d.Key, d.Name, d.Kind.ToString().ToLowerInvariant(), d.Entity == Lifecycle.Model.EntityKind.Organisation ? "organisation" : "person",
            paused ? "paused" : "live",
            new AdminMetrics(m?.Entered ?? 0, m?.Completed ?? 0, m?.Exited ?? 0, m?.Active ?? 0, m?.CompletionRate, m?.MedianDaysToComplete),
            DefinitionReads.SourceOf(d));
    }

    private static async Task<Results<Ok<AudiencePreview>, ProblemHttpResult>> PreviewAsync(string key, CyclePreview preview, DefinitionCatalog catalog, CancellationToken ct)
    {
        var set = catalog.Current ?? catalog.Reload();
        if (set is null || !set.ByKey.ContainsKey(key))
        {
            return TypedResults.Problem(title: "Not found", detail: $"no definition '{key}'", statusCode: StatusCodes.Status404NotFound);
        }

        var (input, units) = await preview.LoadAsync(null, ct);
        var result = Evaluator.EvaluateAll(input, units);
        var names = units.SelectMany(u => u.Entities).GroupBy(e => e.Id).ToDictionary(g => g.Key, g => g.First().ToSnapshot().DisplayName, StringComparer.Ordinal);
        List<AudienceEntry> Of(TransitionKind k) =>
            [.. result.Transitions.Where(t => t.DefinitionKey == key && t.Kind == k).Select(t => new AudienceEntry(t.EntityId, names.GetValueOrDefault(t.EntityId, t.EntityId))).Take(500)];
        return TypedResults.Ok(new AudiencePreview(key, Of(TransitionKind.Entered), Of(TransitionKind.Completed), Of(TransitionKind.Exited)));
    }

    private static async Task<Results<Ok<AdminDefinition>, ProblemHttpResult>> SetPausedAsync(string key, bool paused, HttpContext http, ITrigStore store, DefinitionCatalog catalog, TimeProvider time, CancellationToken ct)
    {
        var set = catalog.Current ?? catalog.Reload();
        if (set is null || !set.ByKey.TryGetValue(key, out var def))
        {
            return TypedResults.Problem(title: "Not found", detail: $"no definition '{key}'", statusCode: StatusCodes.Status404NotFound);
        }

        await store.SetPausedAsync(key, paused, http.Items["trig.actor"] as string ?? "unknown", time.GetUtcNow(), ct);
        var runtime = await store.LoadDefinitionRuntimeAsync(ct);
        var metrics = (await store.MetricsAsync(ct)).ToDictionary(m => m.Key, StringComparer.Ordinal);
        return TypedResults.Ok(Describe(def, runtime, metrics));
    }

    private static async Task<Ok<List<FailedAction>>> FailedAsync(ITrigStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.ListAsync(OutboxStatus.Dead, 200, ct))
            .Select(e => new FailedAction(e.Item.Id, e.Item.DefinitionKey, e.Item.Action.Kind, e.Item.EntityId, e.LastError, e.Item.Attempts + 1, e.UpdatedAt)).ToList());

    private static async Task<Results<NoContent, ProblemHttpResult>> RetryAsync(long id, ITrigStore store, TimeProvider time, CancellationToken ct) =>
        await store.RetryAsync(id, time.GetUtcNow(), ct)
            ? TypedResults.NoContent()
            : TypedResults.Problem(title: "Not found", detail: $"no failed action {id}", statusCode: StatusCodes.Status404NotFound);
}
