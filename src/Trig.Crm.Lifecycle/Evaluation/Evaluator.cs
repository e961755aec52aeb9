using Trig.Crm.Lifecycle.Actions;
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
    private const int MaxRouteDepth = 8;

    /// <summary>Evaluates many units (in parallel when there are many) and merges the results.</summary>
    public static EvaluationResult EvaluateAll(EvaluationInput input, IReadOnlyList<EvaluationUnit> units, int degreeOfParallelism = 0)
    {
        if (units.Count < 256 || degreeOfParallelism == 1)
        {
            var single = new EvaluationResult();
            foreach (var u in units)
            {
                EvaluateUnit(input, u, single);
            }

            return single;
        }

        var dop = degreeOfParallelism > 0 ? degreeOfParallelism : Environment.ProcessorCount;
        var parts = new EvaluationResult[dop];
        Parallel.For(0, dop, new ParallelOptions { MaxDegreeOfParallelism = dop }, p =>
        {
            var r = new EvaluationResult();
            for (var i = p; i < units.Count; i += dop)
            {
                EvaluateUnit(input, units[i], r);
            }

            parts[p] = r;
        });
        var merged = new EvaluationResult();
        foreach (var p in parts)
        {
            merged.Merge(p);
        }

        return merged;
    }

    /// <summary>Evaluates one unit, appending to <paramref name="result"/>.</summary>
    public static void EvaluateUnit(EvaluationInput input, EvaluationUnit unit, EvaluationResult result)
    {
        var pass = new Pass(input, unit, result);
        foreach (var p in unit.People)
        {
            foreach (var d in input.Definitions.PersonLevel)
            {
                pass.Evaluate(d, p);
            }

            result.EntitiesEvaluated++;
        }

        if (unit.Organisation is { } org)
        {
            Rollups.Apply(input.Definitions, org, unit.People, pass.Scope);
            foreach (var d in input.Definitions.OrganisationLevel)
            {
                pass.Evaluate(d, org);
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
        var pass = new Pass(input, unit, new EvaluationResult());
        entity.Memberships.TryGetValue(d.Key, out var m);
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

    private sealed class Pass(EvaluationInput input, EvaluationUnit unit, EvaluationResult result)
    {
        private readonly DateTimeOffset _now = input.Now;
        private int _routeDepth;

        public bool IsPaused(Definition d) =>
            d.Paused || (input.Runtime.TryGetValue(d.Key, out var r) && r.PausedByAdmin);

        public DateTimeOffset EventsFrom(Definition d, Membership? run)
        {
            var live = input.Runtime.TryGetValue(d.Key, out var r) ? r.LiveAt : DateTimeOffset.MinValue;
            if (d.StageKey is { } sk && input.Runtime.TryGetValue(sk, out var sr) && sr.LiveAt > live)
            {
                live = sr.LiveAt;
            }

            return run is { IsActive: true } && run.EnteredAt > live ? run.EnteredAt : live;
        }

        internal Scope Scope(EntityState e, DateTimeOffset eventsFrom) =>
            new(e, e.Kind == EntityKind.Person ? unit.Organisation : null, e.Kind == EntityKind.Organisation ? unit.People : null, input.Definitions, _now, eventsFrom);

        private bool Matches(Criterion? c, EntityState e, DateTimeOffset eventsFrom) =>
            c is null || CriterionEvaluator.Evaluate(c, Scope(e, eventsFrom));

        private string Why(Criterion? c, EntityState e, DateTimeOffset eventsFrom, string fallback) =>
            c is null ? fallback : CriterionExplainer.Summarize(c, Scope(e, eventsFrom));

        public void Evaluate(Definition d, EntityState e)
        {
            switch (d.Kind)
            {
                case DefinitionKind.Behaviour:
                    OneAndDone(d, e, stage: null);
                    break;
                case DefinitionKind.Cohort:
                    Cohort(d, e);
                    break;
                case DefinitionKind.Stage:
                    Stage(d, e);
                    break;
                case DefinitionKind.Job:
                    Job(d, e, forced: false);
                    break;
                case DefinitionKind.Signal:
                    Signal(d, e);
                    break;
            }
        }

        private void OneAndDone(Definition d, EntityState e, Membership? stage)
        {
            e.Memberships.TryGetValue(d.Key, out var m);
            var liveFrom = EventsFrom(d, null);
            if (m is null)
            {
                if (IsPaused(d) || (d.Kind == DefinitionKind.Objective && stage is not { IsActive: true }))
                {
                    return;
                }

                if (!Matches(d.Audience, e, liveFrom))
                {
                    return;
                }

                m = Enter(d, e, null, Why(d.Audience, e, liveFrom, "no audience criteria: everyone enters"));
                TryComplete(d, e, m);
                return;
            }

            if (!m.IsActive)
            {
                return; // one and done: never re-entered
            }

            if (TryComplete(d, e, m))
            {
                return;
            }

            if (d.TimeLimit is { } limit && _now >= m.EnteredAt + limit)
            {
                Leave(d, e, m, TransitionKind.Exited, $"time_limit {limit.TotalDays:0.##}d elapsed");
                return;
            }

            if (d.Kind == DefinitionKind.Objective && stage is not { IsActive: true })
            {
                Leave(d, e, m, TransitionKind.Exited, "stage ended");
                return;
            }

            if (!Matches(d.Audience, e, liveFrom))
            {
                Leave(d, e, m, TransitionKind.Exited, "audience no longer matches: " + Why(d.Audience, e, liveFrom, ""));
            }
        }

        private bool TryComplete(Definition d, EntityState e, Membership m)
        {
            if (!m.IsActive)
            {
                return false;
            }

            // One with no completion criteria completes on entry (LIFECYCLE.md); a stage without complete_when
            // completes when all its objectives are done, and a stage with neither never completes by criteria.
            var from = EventsFrom(d, m);
            bool complete;
            string why;
            if (d.Kind == DefinitionKind.Stage)
            {
                var allObjectives = d.Objectives.Length > 0 && d.Objectives.All(o => e.Memberships.TryGetValue(o.Key, out var om) && om.Status == MembershipStatus.Completed);
                var when = d.Completion is not null && Matches(d.Completion, e, from);
                complete = allObjectives || when;
                why = allObjectives ? "all objectives completed" : when ? Why(d.Completion, e, from, "") : "";
            }
            else
            {
                complete = Matches(d.Completion, e, from);
                why = Why(d.Completion, e, from, "no completion criteria: completes on entry");
            }

            if (!complete)
            {
                return false;
            }

            Leave(d, e, m, TransitionKind.Completed, why);
            return true;
        }

        private void Cohort(Definition d, EntityState e)
        {
            e.Memberships.TryGetValue(d.Key, out var m);
            var from = EventsFrom(d, null);
            var match = Matches(d.Audience, e, from);
            if (m is { IsActive: true })
            {
                if (!match)
                {
                    Leave(d, e, m, TransitionKind.Exited, "criteria no longer match: " + Why(d.Audience, e, from, ""));
                }
            }
            else if (match && !IsPaused(d))
            {
                Enter(d, e, m, Why(d.Audience, e, from, "no criteria: everyone is a member"));
            }
        }

        private void Stage(Definition d, EntityState e)
        {
            e.Memberships.TryGetValue(d.Key, out var m);
            if (m is null)
            {
                var from = EventsFrom(d, null);
                if (IsPaused(d) || !Matches(d.Audience, e, from))
                {
                    return;
                }

                m = Enter(d, e, null, Why(d.Audience, e, from, "no audience criteria: everyone enters"));
            }

            if (!m.IsActive)
            {
                // The stage is over: objectives still active (e.g. from an older version) exit.
                foreach (var o in d.Objectives)
                {
                    OneAndDone(o, e, m);
                }

                return;
            }

            foreach (var o in d.Objectives)
            {
                OneAndDone(o, e, m);
            }

            if (!TryComplete(d, e, m))
            {
                var from = EventsFrom(d, null);
                if (d.ExitAfter is { } after && _now >= m.EnteredAt + after)
                {
                    Leave(d, e, m, TransitionKind.Exited, $"exit after {after.TotalDays:0.##}d elapsed");
                }
                else if (d.ExitWhen is not null && Matches(d.ExitWhen, e, from))
                {
                    Leave(d, e, m, TransitionKind.Exited, "exit when: " + Why(d.ExitWhen, e, from, ""));
                }
            }

            if (!m.IsActive)
            {
                // An objective exits (incomplete) when its stage ends.
                foreach (var o in d.Objectives)
                {
                    OneAndDone(o, e, m);
                }
            }
        }

        private void Job(Definition d, EntityState e, bool forced, string? routedFrom = null)
        {
            e.Memberships.TryGetValue(d.Key, out var m);
            if (m is not { IsActive: true })
            {
                if (IsPaused(d) || (m is not null && !d.Reentry))
                {
                    return;
                }

                var from = EventsFrom(d, null);
                if (!forced && !Matches(d.Audience, e, from))
                {
                    return;
                }

                m = Enter(d, e, m, forced ? $"routed from {routedFrom}" : Why(d.Audience, e, from, "no audience criteria: everyone enters"));
                TryComplete(d, e, m);
                return;
            }

            if (forced || TryComplete(d, e, m))
            {
                return;
            }

            if (d.Duration is { } duration && _now >= m.EnteredAt + duration)
            {
                Leave(d, e, m, TransitionKind.Exited, $"duration {duration.TotalDays:0.##}d elapsed without reaching the goal");
                return;
            }

            // Follow-ups due by time, only while still in the job.
            while (m.FollowUpsDone < d.FollowUps.Length && _now >= m.EnteredAt + d.FollowUps[m.FollowUpsDone].After)
            {
                var step = m.FollowUpsDone;
                var f = d.FollowUps[step];
                m.FollowUpsDone++;
                Touch(e, m);
                var t = Record(d, e, m, TransitionKind.FollowUp, $"follow-up {step + 1} due {f.After.TotalDays:0.##}d after entry", step);
                Fire(d, e, t, f.Actions);
            }
        }

        private void Signal(Definition d, EntityState e)
        {
            var sig = d.Signal!;
            if (!input.Definitions.ByKey.TryGetValue(sig.StageKey, out var stage))
            {
                return;
            }

            e.Memberships.TryGetValue(d.Key, out var m);
            var slow = SlowObjectives(input, stage, sig, e);
            var flagged = slow.Count > 0;
            if (m is { IsActive: true })
            {
                if (!flagged)
                {
                    Leave(d, e, m, TransitionKind.Exited, "no longer slow (objective completed or stage ended)");
                }
                else if (m.Detail != string.Join(',', slow))
                {
                    m.Detail = string.Join(',', slow);
                    Touch(e, m);
                }
            }
            else if (flagged && !IsPaused(d))
            {
                m = Enter(d, e, m, $"slow on {string.Join(", ", slow)} (time in stage > {sig.Factor} × benchmark)");
                m.Detail = string.Join(',', slow);
            }
        }

        private Membership Enter(Definition d, EntityState e, Membership? m, string why)
        {
            if (m is null)
            {
                m = new Membership(d.Key);
                e.Memberships[d.Key] = m;
            }

            m.Status = MembershipStatus.Active;
            m.EnteredAt = _now;
            m.LastEntered = _now;
            m.Entries++;
            m.FollowUpsDone = 0;
            m.Detail = null;
            Touch(e, m);
            var t = Record(d, e, m, TransitionKind.Entered, why);
            Fire(d, e, t, d.OnEntry);
            return m;
        }

        private void Leave(Definition d, EntityState e, Membership m, TransitionKind kind, string why)
        {
            m.Status = kind == TransitionKind.Completed ? MembershipStatus.Completed : MembershipStatus.Exited;
            if (kind == TransitionKind.Completed)
            {
                m.LastCompleted = _now;
            }
            else
            {
                m.LastExited = _now;
            }

            Touch(e, m);
            var t = Record(d, e, m, kind, why);
            Fire(d, e, t, kind == TransitionKind.Completed ? d.OnComplete : d.OnExit);
        }

        private void Touch(EntityState e, Membership m)
        {
            if (!m.Changed)
            {
                m.Changed = true;
                result.Memberships.Add((e, m));
            }
        }

        private Transition Record(Definition d, EntityState e, Membership m, TransitionKind kind, string why, int step = -1)
        {
            var t = new Transition(e.Kind, e.Id, d.Key, d.Kind, kind, _now, d.Version, why, m.Entries, step);
            result.Transitions.Add(t);
            return t;
        }

        private void Fire(Definition d, EntityState e, Transition t, IReadOnlyList<ActionSpec> actions)
        {
            for (var i = 0; i < actions.Count; i++)
            {
                var a = actions[i];
                switch (a)
                {
                    case UpdateAttributeAction ua:
                        var type = input.Definitions.Schema.TypeOf(e.Kind, ua.Attribute) ?? ValueKind.None;
                        var rendered = Placeholders.Render(ua.Value, e.ToSnapshot(), unit.Organisation is { } o && e.Kind == EntityKind.Person ? o.ToSnapshot() : null);
                        if (!AttributeValue.TryParse(rendered, type, out var value))
                        {
                            // A rendered value that is not of the attribute's type leaves the attribute as it was.
                            result.Actions.Add(new PendingAction(t, i, a, Executed: true));
                            break;
                        }

                        if (value.IsNone)
                        {
                            e.Attributes.Remove(ua.Attribute);
                        }
                        else
                        {
                            e.Attributes[ua.Attribute] = value;
                        }

                        result.AttributeChanges.Add(new AttributeChange(e.Kind, e.Id, ua.Attribute, value));
                        result.Actions.Add(new PendingAction(t, i, a, Executed: true));
                        break;
                    case RouteToAction rt:
                        result.Actions.Add(new PendingAction(t, i, a, Executed: true));
                        if (input.Definitions.ByKey.TryGetValue(rt.Job, out var job) && job.Kind == DefinitionKind.Job && job.Entity == e.Kind && _routeDepth < MaxRouteDepth)
                        {
                            _routeDepth++;
                            Job(job, e, forced: true, routedFrom: d.Key);
                            _routeDepth--;
                        }

                        break;
                    default:
                        result.Actions.Add(new PendingAction(t, i, a, Executed: false));
                        break;
                }
            }
        }
    }

    /// <summary>
    /// The objectives of <paramref name="stage"/> an organisation is slow on: not completed, with a benchmark from at
    /// least MinCompletions organisations, and time in stage above Factor × benchmark. Empty when not in the stage.
    /// </summary>
    public static List<string> SlowObjectives(EvaluationInput input, Definition stage, SignalSettings sig, EntityState e)
    {
        var slow = new List<string>();
        if (!e.Memberships.TryGetValue(stage.Key, out var sm) || !sm.IsActive)
        {
            return slow;
        }

        var inStage = input.Now - sm.EnteredAt;
        foreach (var o in stage.Objectives)
        {
            if (e.Memberships.TryGetValue(o.Key, out var om) && om.Status == MembershipStatus.Completed)
            {
                continue;
            }

            if (input.Benchmarks.TryGetValue((stage.Key, o.Key), out var b) && b.Completions >= sig.MinCompletions && inStage > b.Mean * sig.Factor)
            {
                slow.Add(o.Key);
            }
        }

        return slow;
    }
}
