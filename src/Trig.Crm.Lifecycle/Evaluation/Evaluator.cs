using Trig.Crm.Lifecycle.Criteria;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>
/// The lifecycle evaluator: pure code, no I/O, time passed in. It applies every rule of LIFECYCLE.md to a unit
/// (an organisation and its people), mutating the unit's memberships and reporting what changed.
/// Order within a unit: people's definitions (in dependency order), then the organisation's roll-ups, then the
/// organisation's definitions (in dependency order), so a chain of definitions settles in one pass.
/// </summary>
public static class Evaluator
{
    // Small enough that a chunk's result lists stay under the large-object threshold (85,000 bytes: about 10,000
    // transitions or 5,000 changed memberships; a chunk of a first pass makes about 9 transitions and 6 memberships
    // a unit): a large array is freed only by a full collection, and a sharded cycle makes two per list per chunk.
    private const int ChunkSize = 256;

    /// <summary>Evaluates many units (in parallel when there are many) and merges the results.</summary>
    public static EvaluationResult EvaluateAll(EvaluationInput input, IReadOnlyList<EvaluationUnit> units, int degreeOfParallelism = 0)
    {
        var plan = new PassPlan(input);
        if (units.Count < 256 || degreeOfParallelism == 1)
        {
            var single = new EvaluationResult();
            EvaluateRange(input, plan, units, 0, units.Count, single);
            return single;
        }

        // Contiguous chunks, taken by whichever thread is free: neighbouring units sit near each other in memory,
        // and a thread slowed by the rest of the machine does not hold up the pass. Merged in chunk order, so the
        // result lists transitions in unit order whatever the scheduling.
        var dop = degreeOfParallelism > 0 ? degreeOfParallelism : Environment.ProcessorCount;
        var chunks = (units.Count + ChunkSize - 1) / ChunkSize;
        var parts = new EvaluationResult[chunks];
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = dop }, c =>
        {
            var r = new EvaluationResult();
            EvaluateRange(input, plan, units, c * ChunkSize, Math.Min(units.Count, (c + 1) * ChunkSize), r);
            parts[c] = r;
        });
        return EvaluationResult.Concat(parts);
    }

    /// <summary>Evaluates one unit, appending to <paramref name="result"/>.</summary>
    public static void EvaluateUnit(EvaluationInput input, EvaluationUnit unit, EvaluationResult result) =>
        EvaluateUnit(new EvaluationPass(input, new PassPlan(input), unit, result), input, unit, result);

    // One pass object for the whole range: a pass over a million units allocates nothing per unit that stays put.
    private static void EvaluateRange(EvaluationInput input, PassPlan plan, IReadOnlyList<EvaluationUnit> units, int start, int end, EvaluationResult result)
    {
        if (start >= end)
        {
            return;
        }

        var pass = new EvaluationPass(input, plan, units[start], result);
        for (var i = start; i < end; i++)
        {
            pass.Reset(units[i]);
            EvaluateUnit(pass, input, units[i], result);
        }
    }

    private static void EvaluateUnit(EvaluationPass pass, EvaluationInput input, EvaluationUnit unit, EvaluationResult result)
    {
        var changes = result.Memberships.Count + result.Transitions.Count + result.AttributeChanges.Count;
        EvaluateEntities(pass, input, unit, result);
        if (pass.Horizon is { } horizon)
        {
            Settle(unit, result, changes == result.Memberships.Count + result.Transitions.Count + result.AttributeChanges.Count ? horizon.Ticks : input.Now.UtcTicks);
        }
    }

    private static void Settle(EvaluationUnit unit, EvaluationResult result, long ticks)
    {
        DateTimeOffset? until = ticks == long.MaxValue ? null : new DateTimeOffset(Math.Clamp(ticks, DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks), TimeSpan.Zero);
        if (unit.Organisation is { } org)
        {
            result.Settled.Add(new SettledUnit(org.Kind, org.Id, until));
            return;
        }

        foreach (var p in unit.People)
        {
            result.Settled.Add(new SettledUnit(p.Kind, p.Id, until));
        }
    }

    private static void EvaluateEntities(EvaluationPass pass, EvaluationInput input, EvaluationUnit unit, EvaluationResult result)
    {
        var personLevel = input.Definitions.PersonLevel;
        foreach (var p in unit.People)
        {
            foreach (var d in personLevel)
            {
                pass.Evaluate(pass.Plan.For(d), p);
            }

            result.EntitiesEvaluated++;
        }

        if (unit.Organisation is { } org)
        {
            Rollups.Apply(org, unit.People, pass);
            foreach (var d in input.Definitions.OrganisationLevel)
            {
                pass.Evaluate(pass.Plan.For(d), org);
            }

            result.EntitiesEvaluated++;
        }
    }

    /// <summary>Whether criteria match an entity now (used for email recipient filters and audience previews).</summary>
    public static bool Matches(DefinitionSet set, Criterion criterion, EvaluationUnit unit, EntityState entity, DateTimeOffset now) =>
        CriterionEvaluator.Evaluate(criterion, new Scope(entity, entity.Kind == EntityKind.Person ? unit.Organisation : null, entity.Kind == EntityKind.Organisation ? unit.People : null, set, now, DateTimeOffset.MinValue));

    /// <summary>Explains, without changing anything, why an entity is (not) in a definition.</summary>
    public static DefinitionExplanation Explain(EvaluationInput input, EvaluationUnit unit, EntityState entity, Definition d)
    {
        var pass = new EvaluationPass(input, new PassPlan(input), unit, new EvaluationResult());
        if (ReferenceEquals(entity, unit.Organisation))
        {
            // Roll-ups are computed, not stored: compute them as the evaluation does, so explain shows their values.
            Rollups.Apply(entity, unit.People, pass);
        }

        entity.TryGetMembership(d.Key, out var m);
        var from = pass.EventsFrom(d, null);
        var scope = pass.Scope(entity, from);
        var completionScope = pass.Scope(entity, m is { IsActive: true } ? pass.EventsFrom(d, m) : input.Now);
        return new DefinitionExplanation(
            d,
            m?.Status.ToString().ToLowerInvariant() ?? "never entered",
            d.Audience is null ? null : CriterionExplainer.Explain(d.Audience, scope),
            d.Completion is null ? null : CriterionExplainer.Explain(d.Completion, m is { IsActive: true } ? completionScope : scope),
            d.ExitWhen is null ? null : CriterionExplainer.Explain(d.ExitWhen, scope),
            pass.IsPaused(d));
    }

    /// <summary>
    /// The objectives of <paramref name="stage"/> an organisation is slow on: not completed, with a benchmark from at
    /// least MinCompletions organisations, and time in stage above Factor × benchmark. Empty when not in the stage.
    /// </summary>
    public static List<string> SlowObjectives(EvaluationInput input, Definition stage, SignalSettings sig, EntityState e) =>
        SlowObjectives(input, stage, sig, e, null);

    /// <summary>As above; <paramref name="horizon"/> learns when an objective not yet slow becomes slow.</summary>
    internal static List<string> SlowObjectives(EvaluationInput input, Definition stage, SignalSettings sig, EntityState e, Horizon? horizon)
    {
        var slow = new List<string>();
        if (!e.TryGetMembership(stage.Key, out var sm) || !sm.IsActive)
        {
            return slow;
        }

        var inStage = input.Now - sm.EnteredAt;
        foreach (var o in stage.Objectives)
        {
            if (e.TryGetMembership(o.Key, out var om) && om.Status == MembershipStatus.Completed)
            {
                continue;
            }

            if (input.Benchmarks.TryGetValue((stage.Key, o.Key), out var b) && b.Completions >= sig.MinCompletions)
            {
                if (inStage > b.Mean * sig.Factor)
                {
                    slow.Add(o.Key);
                }
                else
                {
                    horizon?.At(sm.EnteredAt, b.Mean * sig.Factor);
                }
            }
        }

        return slow;
    }
}
