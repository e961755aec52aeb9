using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Trig.Crm.Engine.Insights;
using Trig.Crm.Lifecycle.Cards;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Engine.Cards;

/// <summary>
/// Keeps the retention-gap ranking the cards' next steps come from. The ranking reads the whole store, so a card
/// request never computes it: it is computed in the background (one at a time) when the one served is older than
/// <c>RefreshMinutes</c>, and requests meanwhile get the last one (none until the first is done). A card then costs
/// one dictionary lookup per ranked step, whatever the size of the store.
/// </summary>
internal sealed class NextStepsRanking(RetentionAnalysis retention, TimeProvider time, IOptions<NextStepsOptions> options, ILogger<NextStepsRanking> log) : ICardNextSteps
{
    private sealed record Ranking(DateTimeOffset At, IReadOnlyList<RetentionItem> Items);

    private volatile Ranking? _ranking;
    private Task? _refresh;
    private readonly Lock _gate = new();

    /// <summary>How many rankings were started (tests check that card requests do not start one each).</summary>
    internal int RefreshesStarted { get; private set; }

    /// <summary>The last background refresh started, if any (tests await it).</summary>
    internal Task? Pending
    {
        get
        {
            lock (_gate)
            {
                return _refresh;
            }
        }
    }

    public IReadOnlyList<CardNextStep> For(EntityState entity)
    {
        var o = options.Value;
        if (!o.Enabled || entity.Kind != EntityKind.Organisation)
        {
            return [];
        }

        var ranking = _ranking;
        if (ranking is null || time.GetUtcNow() - ranking.At >= TimeSpan.FromMinutes(o.RefreshMinutes))
        {
            StartRefresh();
        }

        if (ranking is null)
        {
            return [];
        }

        var steps = new List<CardNextStep>();
        foreach (var item in ranking.Items)
        {
            entity.TryGetMembership(item.Key, out var m);
            if (m?.Status == MembershipStatus.Completed)
            {
                continue;
            }

            var status = m is null ? "not_started" : m.Status == MembershipStatus.Active ? "active" : "exited";
            steps.Add(new CardNextStep(item.Key, item.Name, item.Kind, item.Stage, status, Math.Round(item.GapPoints ?? 0, 1), item.DoerRetention, item.NonDoerRetention));
            if (steps.Count == o.Top)
            {
                break;
            }
        }

        return steps;
    }

    private void StartRefresh()
    {
        lock (_gate)
        {
            if (_refresh is null || _refresh.IsCompleted)
            {
                RefreshesStarted++;
                _refresh = Task.Run(RefreshAsync);
            }
        }
    }

    /// <summary>
    /// Ranks again. Only items whose 95% interval lies above zero are kept: the others do not show that doing them goes
    /// with retention. A failure (an outcome that names an unknown attribute, an unavailable store) is logged and
    /// serves no steps until the next refresh.
    /// </summary>
    internal async Task RefreshAsync()
    {
        var o = options.Value;
        var request = new RetentionRequest(o.Outcome, o.RetainedCohort, o.ChurnedCohort, o.WithinSpan);
        IReadOnlyList<RetentionItem> items;
        try
        {
            var report = await retention.RunAsync(request, CancellationToken.None);
            items = [.. report.Ranked.Where(i => i.GapLowPoints > 0)];
        }
        catch (Exception ex)
        {
            log.LogWarning("The cards' next steps are off until the next refresh: the retention ranking failed ({Error}). Check {Section}.", ex.Message, NextStepsOptions.Section);
            items = [];
        }

        _ranking = new Ranking(time.GetUtcNow(), items);
    }
}
