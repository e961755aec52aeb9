using Microsoft.Extensions.Options;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store;

namespace Trig.Crm.Engine.Insights;

/// <summary>
/// Pattern discovery: which behaviours and objectives separate retained organisations from the rest. Resolves the
/// outcome of every organisation, reads the memberships, and ranks by retention gap (<see cref="RetentionCalculator"/>).
/// Read-only: it runs on demand beside the cycle and never takes the cycle gate.
/// </summary>
internal sealed class RetentionAnalysis(ITrigStore store, DefinitionCatalog catalog, TimeProvider time, IOptions<InsightsOptions> options)
{
    public async Task<RetentionReport> RunAsync(RetentionRequest request, CancellationToken ct)
    {
        request.Validate();
        var set = InsightsDefinitions.Require(catalog);
        var (description, outcomes, unknown) = request.Outcome is { } text && !string.IsNullOrWhiteSpace(text)
            ? await FromCriteriaAsync(set, text.Trim(), ct)
            : await FromCohortAsync(set, request, ct);
        var keys = RetentionCalculator.Items(set).SelectMany(d => d.StageKey is { } s ? new[] { d.Key, s } : [d.Key]).Distinct(StringComparer.Ordinal).ToList();
        var memberships = await store.MembershipRowsAsync(keys, ct);
        return RetentionCalculator.Compute(set, description, outcomes, unknown, memberships, request.Within, options.Value.MinGroupSize);
    }

    /// <summary>Retained = the condition holds now; unknown when an attribute it reads has no value.</summary>
    private async Task<(string, Dictionary<string, bool>, int)> FromCriteriaAsync(DefinitionSet set, string text, CancellationToken ct)
    {
        var criterion = OutcomeCriteria.Parse(text, set);
        var now = time.GetUtcNow();
        var units = await store.LoadUnitsAsync(null, null, ct);
        var outcomes = new Dictionary<string, bool>(StringComparer.Ordinal);
        var unknown = 0;
        foreach (var unit in units)
        {
            if (unit.Organisation is not { } org)
            {
                continue;
            }

            if (!OutcomeCriteria.IsKnown(criterion, org))
            {
                unknown++;
                continue;
            }

            outcomes[org.Id] = Evaluator.Matches(set, criterion, unit, org, now);
        }

        return ($"retained when {text}", outcomes, unknown);
    }

    /// <summary>Every organisation's outcome is known: it is in the cohort or not.</summary>
    private async Task<(string, Dictionary<string, bool>, int)> FromCohortAsync(DefinitionSet set, RetentionRequest request, CancellationToken ct)
    {
        var retainedSide = request.RetainedCohort is { } r && !string.IsNullOrWhiteSpace(r);
        var key = (retainedSide ? request.RetainedCohort : request.ChurnedCohort)!.Trim();
        var cohort = InsightsDefinitions.Find(set, key, DefinitionKind.Cohort);
        if (cohort.Entity != EntityKind.Organisation)
        {
            throw new InsightsRequestException($"cohort '{key}' is a cohort of people; the outcome needs a cohort of organisations");
        }

        var members = (await store.MembershipRowsAsync([key], ct))
            .Where(m => m.EntityKind == EntityKind.Organisation && m.Status == MembershipStatus.Active)
            .Select(m => m.EntityId).ToHashSet(StringComparer.Ordinal);
        var outcomes = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var id in await store.EntityIdsAsync(EntityKind.Organisation, ct))
        {
            outcomes[id] = members.Contains(id) == retainedSide;
        }

        return (retainedSide ? $"retained when in cohort {key}" : $"churned when in cohort {key}", outcomes, 0);
    }
}
