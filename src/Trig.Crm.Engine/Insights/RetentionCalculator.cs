using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store.Insights;

namespace Trig.Crm.Engine.Insights;

/// <summary>
/// Computes the retention gap of every organisation behaviour and objective from memberships and known outcomes.
/// Pure: the store reads and the outcome are done by <see cref="RetentionAnalysis"/>.
/// </summary>
internal static class RetentionCalculator
{
    /// <param name="outcomes">Retained (true) or not (false), for every organisation whose outcome is known.</param>
    /// <param name="within">Only completions at most this long after the reference (audience entry, or stage entry for an objective) count.</param>
    public static RetentionReport Compute(
        DefinitionSet set, string outcome, IReadOnlyDictionary<string, bool> outcomes, int unknown, IEnumerable<MembershipRow> memberships, TimeSpan? within, int minGroupSize)
    {
        var byDefinition = new Dictionary<string, Dictionary<string, MembershipRow>>(StringComparer.Ordinal);
        foreach (var m in memberships)
        {
            if (m.EntityKind != EntityKind.Organisation)
            {
                continue;
            }

            if (!byDefinition.TryGetValue(m.DefinitionKey, out var rows))
            {
                byDefinition[m.DefinitionKey] = rows = new Dictionary<string, MembershipRow>(StringComparer.Ordinal);
            }

            rows[m.EntityId] = m;
        }

        var items = Items(set).Select(d => Item(d, byDefinition, outcomes, within, minGroupSize)).ToList();
        return new RetentionReport(
            outcome,
            within?.TotalDays,
            minGroupSize,
            outcomes.Count,
            outcomes.Values.Count(v => v),
            unknown,
            [.. items.Where(i => i.EnoughData).OrderByDescending(i => i.GapPoints).ThenBy(i => i.Key, StringComparer.Ordinal)],
            [.. items.Where(i => !i.EnoughData).OrderBy(i => i.Key, StringComparer.Ordinal)]);
    }

    /// <summary>The definitions a retention gap is measured for: organisation behaviours and objectives.</summary>
    public static IEnumerable<Definition> Items(DefinitionSet set) =>
        set.All.Where(d => d.Entity == EntityKind.Organisation && d.Kind is DefinitionKind.Behaviour or DefinitionKind.Objective);

    private static RetentionItem Item(
        Definition d, Dictionary<string, Dictionary<string, MembershipRow>> byDefinition, IReadOnlyDictionary<string, bool> outcomes, TimeSpan? within, int min)
    {
        // The chance is the audience entry for a behaviour, the stage entry for an objective.
        var chanceKey = d.Kind == DefinitionKind.Objective && d.StageKey is { } stage ? stage : d.Key;
        var chances = byDefinition.GetValueOrDefault(chanceKey);
        var own = byDefinition.GetValueOrDefault(d.Key);
        int doers = 0, doersRetained = 0, nonDoers = 0, nonDoersRetained = 0;
        if (chances is not null)
        {
            foreach (var (org, retained) in outcomes)
            {
                if (!chances.TryGetValue(org, out var chance))
                {
                    continue;
                }

                var done = own is not null && own.TryGetValue(org, out var m) && m.LastCompleted is { } at
                    && (within is not { } w || at - chance.EnteredAt <= w);
                if (done)
                {
                    doers++;
                    doersRetained += retained ? 1 : 0;
                }
                else
                {
                    nonDoers++;
                    nonDoersRetained += retained ? 1 : 0;
                }
            }
        }

        var gap = ProportionGap.Of(doersRetained, doers, nonDoersRetained, nonDoers);
        return new RetentionItem(
            d.Key,
            d.Name,
            d.Kind.ToString().ToLowerInvariant(),
            d.Kind == DefinitionKind.Objective ? d.StageKey : null,
            doers,
            doersRetained,
            nonDoers,
            nonDoersRetained,
            doers == 0 ? null : (double)doersRetained / doers,
            nonDoers == 0 ? null : (double)nonDoersRetained / nonDoers,
            gap?.Gap * 100,
            gap?.Low * 100,
            gap?.High * 100,
            doers >= min && nonDoers >= min);
    }
}
