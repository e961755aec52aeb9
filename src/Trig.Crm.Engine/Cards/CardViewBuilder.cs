using Trig.Crm.Lifecycle.Cards;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store;

namespace Trig.Crm.Engine.Cards;

/// <summary>Builds the one <see cref="CardView"/> shape (docs/cardview.md) for an entity from its memberships.</summary>
public static class CardViewBuilder
{
    public static CardView Build(
        DefinitionSet set,
        EntityState entity,
        IReadOnlyDictionary<(string Stage, string Objective), Benchmark> benchmarks,
        IReadOnlyList<StoredTransition> transitions,
        DateTimeOffset now,
        DateTimeOffset? evaluatedAt,
        string currency,
        IReadOnlyList<CardNextStep>? nextSteps = null)
    {
        var snap = entity.ToSnapshot();
        var cardEntity = new CardEntity(entity.Id, entity.Kind == EntityKind.Organisation ? "organisation" : "person", snap.DisplayName, snap.RecordUrl, snap.OwnerEmail);
        var (signal, slow) = BuildSignal(set, entity);
        var stage = BuildStage(set, entity, benchmarks, slow, now);
        var behaviours = new List<CardBehaviour>();
        var cohorts = new List<CardCohort>();
        CardJob? currentJob = null;
        var pastJobs = new List<CardPastJob>();
        foreach (var d in set.Ordered.Where(d => d.Entity == entity.Kind))
        {
            if (!entity.TryGetMembership(d.Key, out var m))
            {
                continue;
            }

            switch (d.Kind)
            {
                case DefinitionKind.Behaviour:
                    behaviours.Add(new CardBehaviour(d.Key, d.Name, Status(m), Ms(m.EnteredAt),
                        Ms(m.Status == MembershipStatus.Completed ? m.LastCompleted : null), Ms(m.Status == MembershipStatus.Exited ? m.LastExited : null)));
                    break;
                case DefinitionKind.Cohort when m.IsActive:
                    cohorts.Add(new CardCohort(d.Key, d.Name, Ms(m.EnteredAt)));
                    break;
                case DefinitionKind.Job when m.IsActive:
                    currentJob ??= new CardJob(d.Key, d.Name, Ms(m.EnteredAt), d.Duration is { } du ? Ms(m.EnteredAt + du) : null);
                    break;
                case DefinitionKind.Job:
                    var ended = (m.Status == MembershipStatus.Completed ? m.LastCompleted : m.LastExited) ?? m.EnteredAt;
                    pastJobs.Add(new CardPastJob(d.Key, d.Name, Status(m), Ms(m.EnteredAt), Ms(ended)));
                    break;
            }
        }

        return new CardView(cardEntity, now, stage, signal,
            [.. behaviours.OrderByDescending(b => b.CompletedAt ?? b.ExitedAt ?? b.EnteredAt)],
            cohorts, currentJob, [.. pastJobs.OrderByDescending(j => j.EndedAt)], Transitions(set, transitions), Ms(evaluatedAt), currency, nextSteps);
    }

    /// <summary>The first active signal, and every objective the active signals flag as slow.</summary>
    private static (CardSignal? Signal, HashSet<string> Slow) BuildSignal(DefinitionSet set, EntityState entity)
    {
        CardSignal? signal = null;
        var slow = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in set.Ordered.Where(d => d.Kind == DefinitionKind.Signal))
        {
            if (entity.TryGetMembership(s.Key, out var sm) && sm.IsActive)
            {
                var objectives = (sm.Detail ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
                slow.UnionWith(objectives);
                var arrValue = s.Signal?.ArrAttribute is { } a && entity.Get(a) is { Kind: ValueKind.Number } v ? v.AsNumber : (double?)null;
                signal ??= new CardSignal(s.Key, s.Name, objectives, arrValue, arrValue ?? 0);
            }
        }

        return (signal, slow);
    }

    /// <summary>The entity's current stage (the first active one in definition order) with its objectives.</summary>
    private static CardStage? BuildStage(
        DefinitionSet set, EntityState entity, IReadOnlyDictionary<(string Stage, string Objective), Benchmark> benchmarks, HashSet<string> slow, DateTimeOffset now)
    {
        foreach (var stageDef in set.Ordered.Where(d => d.Kind == DefinitionKind.Stage && d.Entity == entity.Kind))
        {
            if (!entity.TryGetMembership(stageDef.Key, out var stageRun) || !stageRun.IsActive)
            {
                continue;
            }

            var objectives = stageDef.Objectives.Select(o =>
            {
                entity.TryGetMembership(o.Key, out var om);
                var status = om switch
                {
                    null => "not_started",
                    { Status: MembershipStatus.Completed } => "completed",
                    { Status: MembershipStatus.Active } => "active",
                    _ => "exited",
                };
                double? bench = benchmarks.TryGetValue((stageDef.Key, o.Key), out var b) ? Math.Round(b.Mean.TotalDays, 2) : null;
                return new CardObjective(o.Key, o.Name, status, Ms(om?.Status == MembershipStatus.Completed ? om.LastCompleted : null), bench, slow.Contains(o.Key));
            }).ToList();
            return new CardStage(stageDef.Key, stageDef.Name, Ms(stageRun.EnteredAt), Math.Round((now - stageRun.EnteredAt).TotalDays, 2),
                objectives.Count(o => o.Status == "completed"), objectives.Count, objectives);
        }

        return null;
    }

    private static List<CardTransition> Transitions(DefinitionSet set, IReadOnlyList<StoredTransition> transitions) =>
        [.. transitions.Select(st =>
        {
            var t = st.Transition;
            var name = set.ByKey.TryGetValue(t.DefinitionKey, out var def) ? def.Name : t.DefinitionKey;
            return new CardTransition(Ms(t.At), t.DefinitionKey, name, t.DefinitionKind.ToString().ToLowerInvariant(), t.Name);
        })];

    // The store keeps milliseconds: a card built right after an evaluation (sub-millisecond times in memory) must
    // equal the same card built later from the store, or the pushed summary would change on every cycle.
    private static DateTimeOffset Ms(DateTimeOffset t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerMillisecond), t.Offset);

    private static DateTimeOffset? Ms(DateTimeOffset? t) => t is { } v ? Ms(v) : null;

    private static string Status(Membership m) => m.Status switch
    {
        MembershipStatus.Active => "active",
        MembershipStatus.Completed => "completed",
        _ => "exited",
    };
}
