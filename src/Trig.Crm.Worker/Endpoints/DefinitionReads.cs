using Microsoft.AspNetCore.Http.HttpResults;
using Trig.Crm.Engine.Authoring;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store;

namespace Trig.Crm.Worker.Endpoints;

/// <summary>The read side of authoring: one definition with its text and source, and an authored entry's versions.</summary>
internal static class DefinitionReads
{
    internal sealed record DefinitionDetail(
        string Key,
        string? Name,
        string? Kind,
        string? Entity,
        string Source,
        string? File,
        string Text,
        long? SetVersion,
        DateTimeOffset? ChangedAt,
        string? ChangedBy,
        string? DefinitionVersion,
        string Status,
        AdminEndpoints.AdminMetrics? Metrics,
        DateTimeOffset? LastEvaluatedAt,
        bool Editable);

    internal sealed record VersionRow(long SetVersion, DateTimeOffset At, string Actor, string Action, bool Retired, string? Text, string Diff);

    public static async Task<Results<Ok<DefinitionDetail>, ProblemHttpResult>> GetAsync(
        string key, DefinitionCatalog catalog, DefinitionAuthoring authoring, ITrigStore store, CancellationToken ct)
    {
        var set = catalog.Current ?? await catalog.ReloadAsync(ct);
        var authored = (await store.LoadAuthoredAsync(ct)).Entries.FirstOrDefault(e => e.Key == key);
        var provisioned = authored is null ? authoring.Provisioned().GetValueOrDefault(key) : null;
        var def = set?.ByKey.GetValueOrDefault(key);
        if (authored is null && provisioned is null && def is null)
        {
            return TypedResults.Problem(title: "Not found", detail: $"no definition '{key}'", statusCode: StatusCodes.Status404NotFound);
        }

        // An objective lives in its stage's text.
        if (authored is null && provisioned is null && def?.StageKey is { } stage)
        {
            authored = (await store.LoadAuthoredAsync(ct)).Entries.FirstOrDefault(e => e.Key == stage);
            provisioned = authored is null ? authoring.Provisioned().GetValueOrDefault(stage) : null;
        }

        var runtime = await store.LoadDefinitionRuntimeAsync(ct);
        var m = (await store.MetricsAsync(set, ct)).FirstOrDefault(x => x.Key == key);
        var paused = def is not null && (def.Paused || (runtime.TryGetValue(key, out var r) && r.PausedByAdmin));
        return TypedResults.Ok(new DefinitionDetail(
            key,
            def?.Name,
            def?.Kind.ToString().ToLowerInvariant(),
            def is null ? null : def.Entity == EntityKind.Organisation ? "organisation" : "person",
            authored is not null ? "authored" : "provisioned",
            provisioned?.File,
            authored?.Text ?? provisioned?.Entry.Text ?? "",
            authored?.SetVersion,
            authored?.At,
            authored?.Actor,
            def?.Version,
            def is null ? "not loaded" : paused ? "paused" : "live",
            m is null ? null : new AdminEndpoints.AdminMetrics(m.Entered, m.Completed, m.Exited, m.Active, m.CompletionRate, m.MedianDaysToComplete),
            await store.GetLastCycleAsync(ct),
            authored is not null));
    }

    public static async Task<Results<Ok<List<VersionRow>>, ProblemHttpResult>> VersionsAsync(string key, DefinitionAuthoring authoring, ITrigStore store, CancellationToken ct)
    {
        var history = await store.HistoryAsync(key, ct);
        if (history.Count == 0)
        {
            var managed = authoring.Provisioned().ContainsKey(key);
            return TypedResults.Problem(
                title: "Not found",
                detail: managed ? $"'{key}' is managed in files: its history is the repository's" : $"no authored definition '{key}'",
                statusCode: StatusCodes.Status404NotFound);
        }

        return TypedResults.Ok(history.Select(v => new VersionRow(v.SetVersion, v.At, v.Actor, v.Action, v.Text is null, v.Text, v.Diff)).ToList());
    }

    /// <summary>Where each top-level definition of the set comes from: authored (the store) or provisioned (files).</summary>
    public static string SourceOf(Definition d) =>
        d.Location.File.StartsWith(AuthoredFiles.Prefix, StringComparison.Ordinal) ? "authored" : "provisioned";
}
