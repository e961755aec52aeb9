using Microsoft.Extensions.Options;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Engine.Options;
using Trig.Crm.Engine.Telemetry;
using Trig.Crm.Lifecycle.Actions;
using Trig.Crm.Lifecycle.Criteria;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store;

namespace Trig.Crm.Engine.Outbox;

/// <summary>
/// Delivers outbox rows: claims due rows under a lease, marks each as being sent, calls the handler for its kind,
/// and records the outcome (sent, skipped, retry with backoff, or dead-lettered after MaxAttempts). A row of a
/// kind with no handler stays pending, and a row whose channel is not configured (see <see cref="ChannelReadiness"/>)
/// is set to waiting without an attempt: visible and undelivered, never lost, and never claimed. At the start of
/// each run, waiting rows whose setting is now configured become pending again, then the due rows of a channel that
/// is not configured are set to waiting all at once (webhooks by their own secret's setting). Each run logs one summary line per
/// channel; retries and dead letters also log their reason, once each.
/// </summary>
public sealed class OutboxDispatcher(
    ITrigStore store,
    IEnumerable<IActionHandler> handlers,
    DefinitionCatalog catalog,
    IOptions<TrigOptions> options,
    IConfiguration configuration,
    EngineMetrics metrics,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger)
{
    private readonly Dictionary<string, IActionHandler> _handlers = handlers.GroupBy(h => h.Kind).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
    private readonly ChannelReadiness _readiness = new(configuration);
    private readonly SemaphoreSlim _single = new(1, 1);

    /// <summary>Dispatches until nothing is due (or <paramref name="maxRows"/> rows were handled).</summary>
    public async Task<DispatchReport> DispatchDueAsync(CancellationToken ct, int maxRows = 10_000)
    {
        await _single.WaitAsync(ct);
        try
        {
            var released = await ReleaseConfiguredAsync(ct);
            var tally = new DispatchTally();
            await ParkUnconfiguredAsync(tally, ct);
            var claimed = 0;
            var lease = TimeSpan.FromSeconds(options.Value.Schedule.LeaseSeconds);
            while (claimed < maxRows)
            {
                var claimedAt = time.GetUtcNow();
                var batch = await store.ClaimDueAsync(Math.Min(50, maxRows - claimed), claimedAt, lease, ct);
                if (batch.Count == 0)
                {
                    break;
                }

                claimed += batch.Count;
                var unsent = 0;
                // Rows are independent, so a batch goes out with bounded concurrency (Slack still paces per channel).
                await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = options.Value.Schedule.DispatchConcurrency, CancellationToken = ct }, async (item, token) =>
                {
                    if (time.GetUtcNow() >= claimedAt + lease)
                    {
                        // The row is no longer ours: another dispatcher may have claimed it. Sending would risk a
                        // duplicate; untouched, it is simply claimed again (by whoever comes first).
                        Interlocked.Increment(ref unsent);
                        return;
                    }

                    var (status, note) = await DispatchOneAsync(item, token);
                    tally.Add(item.Action.Kind, status, note);
                });
                if (unsent > 0)
                {
                    logger.LogWarning("Outbox lease of {Lease} ran out with {Left} claimed rows unsent; they are claimed again", lease, unsent);
                    claimed -= unsent;
                }

                if (tally.Count(OutboxStatus.Pending) == claimed)
                {
                    break; // only rows nobody can deliver yet: they wait, no busy loop
                }
            }

            foreach (var (line, trouble) in tally.Lines())
            {
                logger.Log(trouble ? LogLevel.Warning : LogLevel.Information, "{Summary}", line);
            }

            return new DispatchReport(claimed, tally.Count(OutboxStatus.Sent), tally.Count(OutboxStatus.Skipped), tally.Count(OutboxStatus.Retry),
                tally.Count(OutboxStatus.Dead), tally.Count(OutboxStatus.Pending), tally.Count(OutboxStatus.Waiting), released);
        }
        finally
        {
            _single.Release();
        }
    }

    /// <summary>
    /// Waiting rows whose missing setting is now set become pending, due now: one release per setting that is set,
    /// by its exact reason (an index probe when nothing waits on it). Returns how many.
    /// </summary>
    private async Task<int> ReleaseConfiguredAsync(CancellationToken ct)
    {
        var released = 0;
        foreach (var key in _readiness.SetKeys())
        {
            var byKind = await store.ReleaseWaitingAsync(ChannelReadiness.WaitingReason(key), time.GetUtcNow(), ct);
            foreach (var (kind, n) in byKind.OrderBy(k => k.Key, StringComparer.Ordinal))
            {
                released += n;
                logger.LogInformation("{Channel}: {Count} waiting queued again ({Setting} is set)", kind, n, key);
            }
        }

        return released;
    }

    /// <summary>
    /// Sets every due row of a channel that is not configured (Slack, email) to waiting in one store call, so such
    /// rows are never claimed one by one: the same state and summary counts the per-row path
    /// (<see cref="DispatchOneAsync"/>) gives, which stays for rows claimed in between.
    /// </summary>
    private async Task ParkUnconfiguredAsync(DispatchTally tally, CancellationToken ct)
    {
        foreach (var (kind, key) in ChannelReadiness.FixedSettings)
        {
            if (!_handlers.ContainsKey(kind) || _readiness.IsSet(key))
            {
                continue; // without a handler the per-row path keeps the row pending, with its own note
            }

            var reason = ChannelReadiness.WaitingReason(key);
            var parked = await store.ParkDueAsync(kind, reason, time.GetUtcNow(), ct);
            if (parked > 0)
            {
                tally.Add(kind, OutboxStatus.Waiting, reason, parked);
            }
        }

        if (_handlers.ContainsKey("webhook"))
        {
            // A webhook's setting is its own secret's: the store works out each row's secret name from its action.
            var (prefix, suffix) = ChannelReadiness.WebhookReasonParts;
            var parked = await store.ParkDueWebhooksAsync(_readiness.DefaultSecretName, _readiness.ConfiguredSecretNames(), prefix, suffix, time.GetUtcNow(), ct);
            foreach (var (reason, n) in parked.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                tally.Add("webhook", OutboxStatus.Waiting, reason, n);
            }
        }
    }

    /// <summary>
    /// Returns the status the row was left in (pending: no handler for its kind; waiting: its channel is not
    /// configured) and a note for the run's summary line.
    /// </summary>
    private async Task<(OutboxStatus Status, string? Note)> DispatchOneAsync(OutboxItem item, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (!_handlers.TryGetValue(item.Action.Kind, out var handler))
        {
            var why = $"no '{item.Action.Kind}' handler is configured; the action waits in the outbox";
            await store.CompleteAsync(item.Id, OutboxStatus.Pending, null, why, now + TimeSpan.FromMinutes(1), now, ct);
            return (OutboxStatus.Pending, why);
        }

        if (_readiness.MissingSetting(item.Action) is { } missing)
        {
            // Not an attempt: the row is held (never claimed) until the setting is there.
            var reason = ChannelReadiness.WaitingReason(missing);
            await store.CompleteAsync(item.Id, OutboxStatus.Waiting, null, reason, null, now, ct);
            return (OutboxStatus.Waiting, reason);
        }

        ActionOutcome outcome;
        try
        {
            var context = await ContextAsync(item, ct);
            if (context is null)
            {
                outcome = new ActionOutcome.Skipped($"{item.EntityKind} {item.EntityId} no longer exists");
            }
            else
            {
                await store.MarkSendingAsync(item.Id, ct);
                outcome = await handler.SendAsync(context, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // A handler bug must not stop the dispatcher: the row is retried and the error is visible.
            logger.LogError(ex, "Action {Key} failed unexpectedly", item.IdempotencyKey);
            outcome = new ActionOutcome.Retry(ex.GetType().Name + ": " + ex.Message);
        }

        return (await RecordAsync(item, outcome, ct), null);
    }

    private async Task<OutboxStatus> RecordAsync(OutboxItem item, ActionOutcome outcome, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var attempts = item.Attempts + 1;
        switch (outcome)
        {
            case ActionOutcome.Sent s:
                metrics.ActionSent(item.Action.Kind);
                await store.CompleteAsync(item.Id, OutboxStatus.Sent, s.Detail, null, null, now, ct);
                return OutboxStatus.Sent;
            case ActionOutcome.Skipped k:
                logger.LogDebug("Action {Key} skipped: {Reason}", item.IdempotencyKey, k.Reason);
                await store.CompleteAsync(item.Id, OutboxStatus.Skipped, k.Reason, null, null, now, ct);
                return OutboxStatus.Skipped;
            case ActionOutcome.Retry r when attempts < options.Value.Schedule.MaxAttempts:
                var delay = r.RetryAfter ?? Backoff(attempts);
                metrics.ActionFailed(item.Action.Kind);
                logger.LogWarning("Action {Key} will be retried in {Delay}: {Reason}", item.IdempotencyKey, delay, r.Reason);
                await store.CompleteAsync(item.Id, OutboxStatus.Retry, null, r.Reason, now + delay, now, ct);
                return OutboxStatus.Retry;
            case ActionOutcome.Retry r:
                logger.LogError("Action {Key} dead-lettered after {Attempts} attempts: {Reason}", item.IdempotencyKey, attempts, r.Reason);
                metrics.ActionDeadLettered(item.Action.Kind);
                await store.CompleteAsync(item.Id, OutboxStatus.Dead, null, $"gave up after {attempts} attempts: {r.Reason}", null, now, ct);
                return OutboxStatus.Dead;
            case ActionOutcome.Failed f:
                logger.LogError("Action {Key} dead-lettered: {Reason}", item.IdempotencyKey, f.Reason);
                metrics.ActionDeadLettered(item.Action.Kind);
                await store.CompleteAsync(item.Id, OutboxStatus.Dead, null, f.Reason, null, now, ct);
                return OutboxStatus.Dead;
            default:
                return OutboxStatus.Retry;
        }
    }

    /// <summary>Exponential backoff with jitter: ~30 s, 1 min, 2 min, … capped at 1 h.</summary>
    internal static TimeSpan Backoff(int attempt)
    {
        var baseSeconds = Math.Min(3600, 30 * Math.Pow(2, Math.Max(0, attempt - 1)));
        return TimeSpan.FromSeconds(baseSeconds * (0.8 + (Random.Shared.NextDouble() * 0.4)));
    }

    private async Task<ActionContext?> ContextAsync(OutboxItem item, CancellationToken ct)
    {
        if (item.Action is EmailAction email && item.EntityKind == EntityKind.Organisation)
        {
            // An organisation-level email needs the people (and the recipient filter evaluated on them).
            var found = await store.LoadUnitOfAsync(item.EntityKind, item.EntityId, ct);
            if (found is null)
            {
                return null;
            }

            var (unit, entity) = found.Value;
            var filter = ParseFilter(email.RecipientFilter);
            var set = catalog.Current;
            if (filter is not null && set is null)
            {
                // Fail closed: nobody, and the filter stays on the action so the handler fails it with the reason.
                return new ActionContext(item, entity.ToSnapshot(), null, []);
            }

            IReadOnlyList<EntitySnapshot> people = [.. unit.People
                .Where(p => filter is null || Evaluator.Matches(set!, filter, unit, p, time.GetUtcNow()))
                .Select(p => p.ToSnapshot())];
            // Applied: the handler must not see it again (a filter still set tells it the people are unfiltered).
            return new ActionContext(item with { Action = email with { RecipientFilter = null } }, entity.ToSnapshot(), null, people);
        }

        // Everything else needs only the entity and its organisation: two small reads, no events.
        var e = await store.LoadEntityAsync(item.EntityKind, item.EntityId, ct);
        if (e is null)
        {
            return null;
        }

        var org = e.Kind == EntityKind.Person && e.OrganisationId is { } orgId ? await store.LoadEntityAsync(EntityKind.Organisation, orgId, ct) : null;
        return new ActionContext(item, e.ToSnapshot(), org?.ToSnapshot(), []);
    }

    private static Criterion? ParseFilter(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new AllOf([.. lines.Select(ConditionParser.Parse)], "to");
    }
}
