using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Trig.Crm.Engine.Cycle;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Store;

namespace Trig.Crm.Engine.Alerts;

/// <summary>
/// The stale-evaluation alert: when full cycles fail <see cref="AlertOptions.FailedCycles"/> times in a row, or a
/// definition's last evaluation is older than <see cref="AlertOptions.StaleAfter"/>, one message goes to
/// <see cref="AlertOptions.SlackChannel"/>; one more when it recovers; nothing in between. Whether the alert is
/// out is kept in the store (checkpoint <c>alert:stale</c>), so a restart neither resends nor forgets it.
/// </summary>
public sealed class StaleAlerts(
    ITrigStore store,
    DefinitionCatalog catalog,
    IAlertNotifier notifier,
    IOptions<AlertOptions> options,
    CycleSchedule schedule,
    TimeProvider time,
    ILogger<StaleAlerts> logger)
{
    internal const string Checkpoint = "alert:stale";
    private readonly SemaphoreSlim _single = new(1, 1);

    /// <summary>The age past which a definition is stale: the option, else twice the cycle interval.</summary>
    public TimeSpan StaleAfter => options.Value.StaleAfter ?? schedule.Interval * 2;

    /// <summary>Checks and sends at most one message. Never throws but for cancellation: an alert never fails a cycle.</summary>
    public async Task CheckAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(options.Value.SlackChannel))
        {
            return;
        }

        await _single.WaitAsync(ct);
        try
        {
            await CheckOnceAsync(options.Value.SlackChannel, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Checking for stale evaluation failed; the next check tries again");
        }
        finally
        {
            _single.Release();
        }
    }

    private async Task CheckOnceAsync(string channel, CancellationToken ct)
    {
        var threshold = options.Value.FailedCycles;
        var state = await ReadStateAsync(ct);
        var raised = await store.GetCheckpointAsync(Checkpoint, ct) is { Length: > 0 } since ? since : null;
        var stale = state.IsStale(threshold);
        if (stale == (raised is not null))
        {
            return; // nothing changed: nothing is sent in between
        }

        var text = stale ? StaleText(state, threshold) : RecoveredText(state, raised!);
        var failure = await notifier.NotifyAsync(channel, text, ct);
        if (failure is not null)
        {
            // Not recorded as sent: the next check tries again.
            logger.LogWarning("The stale-evaluation alert could not be posted to {Channel}: {Reason}", channel, failure);
            return;
        }

        var at = stale ? (state.Since(threshold) ?? time.GetUtcNow()).ToString("O", CultureInfo.InvariantCulture) : "";
        await store.SetCheckpointAsync(Checkpoint, at, ct);
        logger.Log(stale ? LogLevel.Warning : LogLevel.Information, "Stale-evaluation alert {What} posted to {Channel}", stale ? "raised" : "cleared", channel);
    }

    internal async Task<StaleState> ReadStateAsync(CancellationToken ct)
    {
        var runs = await store.RecentRunsAsync(100, ct);
        var failing = runs.TakeWhile(r => !r.Succeeded).ToList();
        var lastCompleted = runs.FirstOrDefault(r => r.Succeeded)?.StartedAt;
        var stale = new List<(string, DateTimeOffset)>();
        if (catalog.Current is { } set)
        {
            var evaluated = await store.FreshnessAsync(ct);
            var limit = time.GetUtcNow() - StaleAfter;
            stale.AddRange(set.All.Where(d => evaluated.TryGetValue(d.Key, out var at) && at < limit)
                .Select(d => (d.Key, evaluated[d.Key])).OrderBy(d => d.Item2).ThenBy(d => d.Key, StringComparer.Ordinal));
        }

        return new StaleState(failing.Count, failing.Count > 0 ? failing[^1].StartedAt : null, failing.FirstOrDefault()?.Error, stale, lastCompleted);
    }

    private string StaleText(StaleState s, int threshold)
    {
        var b = new StringBuilder(":warning: Trig: lifecycle evaluation is stale");
        b.Append(CultureInfo.InvariantCulture, $" since {Format(s.Since(threshold))}.");
        if (s.FailedInARow >= threshold)
        {
            b.Append(CultureInfo.InvariantCulture, $"\nFull cycles failed {s.FailedInARow} times in a row (first at {Format(s.FailingSince)}).");
        }

        if (s.StaleDefinitions.Count > 0)
        {
            b.Append(CultureInfo.InvariantCulture, $"\nNot evaluated for more than {StaleAfter}: ");
            b.AppendJoin(", ", s.StaleDefinitions.Take(20).Select(d => $"{d.Key} (last {Format(d.EvaluatedAt)})"));
            if (s.StaleDefinitions.Count > 20)
            {
                b.Append(CultureInfo.InvariantCulture, $" and {s.StaleDefinitions.Count - 20} more");
            }

            b.Append('.');
        }

        b.Append(CultureInfo.InvariantCulture, $"\nLast error: {s.LastError ?? "none recorded"}.");
        b.Append(CultureInfo.InvariantCulture, $"\nLast completed full cycle: {Format(s.LastCompleted)}.");
        return b.ToString();
    }

    private static string RecoveredText(StaleState s, string since)
    {
        var from = DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? Format(at) : since;
        return $":white_check_mark: Trig: lifecycle evaluation has recovered (stale since {from}); last completed full cycle {Format(s.LastCompleted)}.";
    }

    private static string Format(DateTimeOffset? at) => at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "never";
}
