using Trig.Crm.Lifecycle.Criteria;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>
/// One evaluation of one unit: the rules of LIFECYCLE.md per kind of definition. Transitions, with their actions,
/// go through <see cref="MembershipTransitions"/>.
/// </summary>
internal sealed class EvaluationPass
{
    private readonly EvaluationInput _input;
    private readonly PassPlan _plan;
    private readonly EvaluationResult _result;
    private readonly DateTimeOffset _now;
    private readonly Horizon? _horizon;
    private EvaluationUnit _unit;
    private MembershipTransitions? _transitionsOrNull;

    public EvaluationPass(EvaluationInput input, PassPlan plan, EvaluationUnit unit, EvaluationResult result)
    {
        _input = input;
        _plan = plan;
        _unit = unit;
        _result = result;
        _now = input.Now;
        _horizon = input.Horizons ? new Horizon() : null;
    }

    public PassPlan Plan => _plan;

    /// <summary>When the current unit's answer can next change with no new data (null when not asked for).</summary>
    public Horizon? Horizon => _horizon;

    /// <summary>Moves the pass to the next unit of a chunk (one pass object per chunk, not per unit).</summary>
    public void Reset(EvaluationUnit unit)
    {
        _unit = unit;
        _transitionsOrNull = null;
        _horizon?.Reset();
    }

    // Made on the first transition: most units of a steady-state pass have none, and a pass makes one per unit.
    private MembershipTransitions _transitions =>
        _transitionsOrNull ??= new MembershipTransitions(_input, _unit, _result, (job, e, from) => Job(_plan.For(job), e, forced: true, routedFrom: from));

    public bool IsPaused(Definition d) => _plan.For(d).Paused;

    public DateTimeOffset EventsFrom(Definition d, Membership? run) => _plan.For(d).EventsFrom(run);

    public Scope Scope(EntityState e, DateTimeOffset eventsFrom) =>
        new(e, e.Kind == EntityKind.Person ? _unit.Organisation : null, e.Kind == EntityKind.Organisation ? _unit.People : null, _input.Definitions, _now, eventsFrom, _horizon);

    private bool Matches(CompiledCriterion? c, EntityState e, DateTimeOffset eventsFrom) =>
        c is null || c(Scope(e, eventsFrom));

    private string Why(Criterion? c, EntityState e, DateTimeOffset eventsFrom, string fallback) =>
        c is null ? fallback : CriterionExplainer.Summarize(c, Scope(e, eventsFrom));

    public void Evaluate(Definition d, EntityState e) => Evaluate(_plan.For(d), e);

    public void Evaluate(DefinitionPlan plan, EntityState e)
    {
        var d = plan.Definition;
        switch (d.Kind)
        {
            case DefinitionKind.Behaviour:
                OneAndDone(plan, e, stage: null);
                break;
            case DefinitionKind.Cohort:
                Cohort(plan, e);
                break;
            case DefinitionKind.Stage:
                Stage(plan, e);
                break;
            case DefinitionKind.Job:
                Job(plan, e, forced: false);
                break;
            case DefinitionKind.Signal:
                Signal(plan, e);
                break;
        }
    }

    private void OneAndDone(DefinitionPlan p, EntityState e, Membership? stage)
    {
        var d = p.Definition;
        var m = p.MembershipOf(e);
        var liveFrom = p.EventsFrom(null);
        if (m is null)
        {
            if (p.Paused || (d.Kind == DefinitionKind.Objective && stage is not { IsActive: true }))
            {
                return;
            }

            if (!Matches(p.Audience, e, liveFrom))
            {
                return;
            }

            m = _transitions.Enter(d, e, null, Why(d.Audience, e, liveFrom, "no audience criteria: everyone enters"));
            TryComplete(p, e, m);
            return;
        }

        if (!m.IsActive)
        {
            return; // one and done: never re-entered
        }

        if (TryComplete(p, e, m))
        {
            return;
        }

        if (d.TimeLimit is { } limit)
        {
            if (_now >= m.EnteredAt + limit)
            {
                _transitions.Leave(d, e, m, TransitionKind.Exited, $"time_limit {limit.TotalDays:0.##}d elapsed");
                return;
            }

            _horizon?.At(m.EnteredAt, limit);
        }

        if (d.Kind == DefinitionKind.Objective && stage is not { IsActive: true })
        {
            _transitions.Leave(d, e, m, TransitionKind.Exited, "stage ended");
            return;
        }

        if (!Matches(p.Audience, e, liveFrom))
        {
            _transitions.Leave(d, e, m, TransitionKind.Exited, "audience no longer matches: " + Why(d.Audience, e, liveFrom, ""));
        }
    }

    private bool TryComplete(DefinitionPlan p, EntityState e, Membership m)
    {
        var d = p.Definition;
        if (!m.IsActive)
        {
            return false;
        }

        // One with no completion criteria completes on entry (lifecycle.md, "Rules that hold for every kind");
        // a stage without complete_when completes when all its objectives are done, and a stage with neither
        // objectives nor complete_when completes on entry like every other kind.
        var from = p.EventsFrom(m);
        bool complete;
        string why;
        if (d.Kind == DefinitionKind.Stage && d.Objectives.Length == 0 && d.Completion is null)
        {
            complete = true;
            why = "no objectives and no complete_when: completes on entry";
        }
        else if (d.Kind == DefinitionKind.Stage)
        {
            var allObjectives = d.Objectives.Length > 0 && d.Objectives.All(o => e.TryGetMembership(o.Key, out var om) && om.Status == MembershipStatus.Completed);
            var when = p.Completion is not null && Matches(p.Completion, e, from);
            complete = allObjectives || when;
            why = allObjectives ? "all objectives completed" : when ? Why(d.Completion, e, from, "") : "";
        }
        else
        {
            complete = Matches(p.Completion, e, from);
            why = Why(d.Completion, e, from, "no completion criteria: completes on entry");
        }

        if (!complete)
        {
            return false;
        }

        _transitions.Leave(d, e, m, TransitionKind.Completed, why);
        return true;
    }

    private void Cohort(DefinitionPlan p, EntityState e)
    {
        var d = p.Definition;
        var m = p.MembershipOf(e);
        var from = p.EventsFrom(null);
        var match = Matches(p.Audience, e, from);
        if (m is { IsActive: true })
        {
            if (!match)
            {
                _transitions.Leave(d, e, m, TransitionKind.Exited, "criteria no longer match: " + Why(d.Audience, e, from, ""));
            }
        }
        else if (match && !p.Paused)
        {
            _transitions.Enter(d, e, m, Why(d.Audience, e, from, "no criteria: everyone is a member"));
        }
    }

    private void Stage(DefinitionPlan p, EntityState e)
    {
        var d = p.Definition;
        var m = p.MembershipOf(e);
        if (m is null)
        {
            var from = p.EventsFrom(null);
            if (p.Paused || !Matches(p.Audience, e, from))
            {
                return;
            }

            m = _transitions.Enter(d, e, null, Why(d.Audience, e, from, "no audience criteria: everyone enters"));
        }

        if (!m.IsActive)
        {
            // The stage is over: objectives still active (e.g. from an older version) exit.
            foreach (var o in d.Objectives)
            {
                OneAndDone(_plan.For(o), e, m);
            }

            return;
        }

        foreach (var o in d.Objectives)
        {
            OneAndDone(_plan.For(o), e, m);
        }

        if (!TryComplete(p, e, m))
        {
            var from = p.EventsFrom(null);
            if (d.ExitAfter is { } pending && _now < m.EnteredAt + pending)
            {
                _horizon?.At(m.EnteredAt, pending);
            }

            if (d.ExitAfter is { } after && _now >= m.EnteredAt + after)
            {
                _transitions.Leave(d, e, m, TransitionKind.Exited, $"exit after {after.TotalDays:0.##}d elapsed");
            }
            else if (p.ExitWhen is not null && Matches(p.ExitWhen, e, from))
            {
                _transitions.Leave(d, e, m, TransitionKind.Exited, "exit when: " + Why(d.ExitWhen, e, from, ""));
            }
        }

        if (!m.IsActive)
        {
            // An objective exits (incomplete) when its stage ends.
            foreach (var o in d.Objectives)
            {
                OneAndDone(_plan.For(o), e, m);
            }
        }
    }

    private void Job(DefinitionPlan p, EntityState e, bool forced, string? routedFrom = null)
    {
        var d = p.Definition;
        var m = p.MembershipOf(e);
        if (m is not { IsActive: true })
        {
            if (p.Paused || (m is not null && !d.Reentry))
            {
                return;
            }

            var from = p.EventsFrom(null);
            if (!forced && !Matches(p.Audience, e, from))
            {
                return;
            }

            m = _transitions.Enter(d, e, m, forced ? $"routed from {routedFrom}" : Why(d.Audience, e, from, "no audience criteria: everyone enters"));
            TryComplete(p, e, m);
            return;
        }

        if (forced || TryComplete(p, e, m))
        {
            return;
        }

        if (d.Duration is { } duration)
        {
            if (_now >= m.EnteredAt + duration)
            {
                _transitions.Leave(d, e, m, TransitionKind.Exited, $"duration {duration.TotalDays:0.##}d elapsed without reaching the goal");
                return;
            }

            _horizon?.At(m.EnteredAt, duration);
        }

        // Follow-ups due by time, only while still in the job.
        while (m.FollowUpsDone < d.FollowUps.Length && _now >= m.EnteredAt + d.FollowUps[m.FollowUpsDone].After)
        {
            var step = m.FollowUpsDone;
            var f = d.FollowUps[step];
            m.FollowUpsDone++;
            _transitions.Touch(e, m);
            var t = _transitions.Record(d, e, m, TransitionKind.FollowUp, $"follow-up {step + 1} due {f.After.TotalDays:0.##}d after entry", step);
            _transitions.Fire(d, e, t, f.Actions);
        }

        if (m.FollowUpsDone < d.FollowUps.Length)
        {
            _horizon?.At(m.EnteredAt, d.FollowUps[m.FollowUpsDone].After);
        }
    }

    private void Signal(DefinitionPlan p, EntityState e)
    {
        var d = p.Definition;
        var sig = d.Signal!;
        if (!_input.Definitions.ByKey.TryGetValue(sig.StageKey, out var stage))
        {
            return;
        }

        var m = p.MembershipOf(e);
        var slow = Evaluator.SlowObjectives(_input, stage, sig, e, _horizon);
        var flagged = slow.Count > 0;
        if (m is { IsActive: true })
        {
            if (!flagged)
            {
                _transitions.Leave(d, e, m, TransitionKind.Exited, "no longer slow (objective completed or stage ended)");
            }
            else if (m.Detail != string.Join(',', slow))
            {
                m.Detail = string.Join(',', slow);
                _transitions.Touch(e, m);
            }
        }
        else if (flagged && !p.Paused)
        {
            m = _transitions.Enter(d, e, m, $"slow on {string.Join(", ", slow)} (time in stage > {sig.Factor} × benchmark)");
            m.Detail = string.Join(',', slow);
        }
    }
}
