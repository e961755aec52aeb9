using System.Globalization;
using Trig.Crm.Store;

namespace Trig.Crm.Worker.Cli;

/// <summary>
/// <c>trig actions [--status S] [--definition KEY] [--json] [--limit N]</c>: totals per status, then a page of rows,
/// newest first. <c>--failed</c> is <c>--status dead</c>; <c>--retry ID</c> re-queues one dead letter and
/// <c>--retry-all</c> every dead letter matching <c>--definition</c>. Retries are audited as <c>cli:{OS user}</c>.
/// </summary>
internal static class ActionsCommand
{
    internal sealed record Request(OutboxStatus? Status, string? Definition, int Limit, long? Retry, bool RetryAll, bool Json);

    /// <summary>The statuses <c>--status</c> accepts.</summary>
    public static readonly string[] Statuses = ["pending", "waiting", "retry", "sent", "dead", "skipped", "in_flight", "done"];

    /// <summary>Who the audit log records for a retry made here.</summary>
    public static string Actor => "cli:" + Environment.UserName;

    public static async Task<int> RunAsync(IServiceProvider sp, Request request, CancellationToken ct)
    {
        var store = sp.GetRequiredService<ITrigStore>();
        var time = sp.GetRequiredService<TimeProvider>();
        if (request.Retry is { } id)
        {
            if (!await store.RetryAsync(id, Actor, time.GetUtcNow(), ct))
            {
                CliOutput.Error($"no failed action {id}");
                return 1;
            }

            Console.Out.WriteLine($"action {id} queued again");
            return 0;
        }

        if (request.RetryAll)
        {
            if (request.Status is { } s && s != OutboxStatus.Dead)
            {
                CliOutput.Error("--retry-all re-queues dead letters only: use it without --status, or with --status dead");
                return 1;
            }

            var ids = await store.RetryAllDeadAsync(request.Definition, Actor, time.GetUtcNow(), ct);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ids.Count} failed action(s) queued again{Scope(request.Definition)}"));
            return 0;
        }

        return await ListAsync(store, request, ct);
    }

    private static async Task<int> ListAsync(ITrigStore store, Request request, CancellationToken ct)
    {
        var counts = await store.CountByStatusAsync(request.Definition, ct);
        var rows = await store.ListAsync(new OutboxQuery(request.Status, request.Definition), request.Limit, ct);
        var shown = request.Status is { } st ? counts.GetValueOrDefault(st.ToText()) : counts.Values.Sum();
        if (request.Json)
        {
            CliOutput.WriteJson(new
            {
                totals = counts.OrderBy(c => c.Key, StringComparer.Ordinal).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal),
                matching = shown,
                rows = rows.Select(d => new
                {
                    id = d.Item.Id, key = d.Item.IdempotencyKey, kind = d.Item.Action.Kind, status = d.Status.ToText(), definition = d.Item.DefinitionKey,
                    entityKind = d.Item.EntityKind, entity = d.Item.EntityId, attempts = d.Item.Attempts + 1, reason = d.LastError, updatedAt = d.UpdatedAt,
                }),
            });
            return 0;
        }

        var totals = counts.Count == 0 ? "empty" : string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}"));
        Console.Out.WriteLine($"outbox{Scope(request.Definition)}: {totals}");
        var what = request.Status is { } status ? $"{status.ToText()} action(s)" : "action(s)";
        Console.Out.WriteLine(rows.Count == 0 ? $"no {what}" : $"{what}, newest first: {rows.Count} of {shown}");
        foreach (var d in rows)
        {
            var hint = d.Status == OutboxStatus.Dead ? $"   (trig actions --retry {d.Item.Id})" : "";
            var reason = d.LastError is null ? "" : $": {d.LastError}";
            Console.Out.WriteLine($"  #{d.Item.Id} {d.Status.ToText(),-8} {d.Item.Action.Kind,-8} {d.Item.DefinitionKey} {d.Item.EntityKind} {d.Item.EntityId}{reason}{hint}");
        }

        return 0;
    }

    private static string Scope(string? definition) => definition is null ? "" : $" of {definition}";
}
