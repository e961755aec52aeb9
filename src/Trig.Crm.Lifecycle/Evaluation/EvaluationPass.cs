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
    private readonly EvaluationUnit _unit;
    private readonly EvaluationResult _result;
    private readonly DateTimeOffset _now;
    private MembershipTransitions? _transitionsOrNull;

    public EvaluationPass(EvaluationInput input, EvaluationUnit unit, EvaluationResult result)
    {
        _input = input;
        _unit = unit;
        _result = result;
        _now = input.Now;
    }

    // Made on the first transition: most units of a steady-state pass have none, and a pass makes one per unit.
    private MembershipTransitions _transitions =>
        _transitionsOrNull ??= new MembershipTransitions(_input, _unit, _result, (job, e, from) => Job(job, e, forced: true, routedFrom: from));

    public bool IsPaused(Definition d) =>
        d.Paused || (_input.Runtime.TryGetValue(d.Key, out var r) && r.PausedByAdmin);

    public DateTimeOffset EventsFrom(Definition d, Membership? run)
    {
        var live = _input.Runtime.TryGetValue(d.Key, out var r) ? r.LiveAt : DateTimeOffset.MinValue;
        if (d.StageKey is { } sk && _input.Runtime.TryGetValue(sk, out var sr) && sr.LiveAt > live)
        {
            live = sr.LiveAt;
        }

        return run is { IsActive: true } && run.EnteredAt > live ? run.EnteredAt : live;
    }

    public Scope Scope(EntityState e, DateTimeOffset eventsFrom) =>
        new(e, e.Kind == EntityKind.Person ? _unit.Organisation : null, e.Kind == EntityKind.Organisation ? _unit.People : null, _input.Definitions, _now, eventsFrom);

    private bool Matches(Criterion? c, EntityState e, DateTimeOffset eventsFrom) =>
        c is null || CriterionCompiler.Compile(c)(Scope(e, eventsFrom));

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

            m = _transitions.Enter(d, e, null, Why(d.Audience, e, liveFrom, "no audience criteria: everyone enters"));
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
            _transitions.Leave(d, e, m, TransitionKind.Exited, $"time_limit {limit.TotalDays:0.##}d elapsed");
            return;
        }

        if (d.Kind == DefinitionKind.Objective && stage is not { IsActive: true })
        {
            _transitions.Leave(d, e, m, TransitionKind.Exited, "stage ended");
            return;
        }

        if (!Matches(d.Audience, e, liveFrom))
        {
            _transitions.Leave(d, e, m, TransitionKind.Exited, "audience no longer matches: " + Why(d.Audience, e, liveFrom, ""));
        }
    }

    private bool TryComplete(Definition d, EntityState e, Membership m)
    {
        if (!m.IsActive)
        {
            return false;
        }

        // One with no completion criteria completes on entry (lifecycle.md, "Rules that hold for every kind");
        // a stage without complete_when completes when all its objectives are done, and a stage with neither
        // objectives nor complete_when completes on entry like every other kind.
        var from = EventsFrom(d, m);
        bool complete;
        string why;
        if (d.Kind == DefinitionKind.Stage && d.Objectives.Length == 0 && d.Completion is null)
        {
            complete = true;
            why = "no objectives and no complete_when: completes on entry";
        }
        else if (d.Kind == DefinitionKind.Stage)
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

        _transitions.Leave(d, e, m, TransitionKind.Completed, why);
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
                _transitions.Leave(d, e, m, TransitionKind.Exited, "criteria no longer match: " + Why(d.Audience, e, from, ""));
            }
        }
        else if (match && !IsPaused(d))
        {
            _transitions.Enter(d, e, m, Why(d.Audience, e, from, "no criteria: everyone is a member"));
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

            m = _transitions.Enter(d, e, null, Why(d.Audience, e, from, "no audience criteria: everyone enters"));
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
                _transitions.Leave(d, e, m, TransitionKind.Exited, $"exit after {after.TotalDays:0.##}d elapsed");
            }
            else if (d.ExitWhen is not null && Matches(d.ExitWhen, e, from))
            {
                _transitions.Leave(d, e, m, TransitionKind.Exited, "exit when: " + Why(d.ExitWhen, e, from, ""));
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

            m = _transitions.Enter(d, e, m, forced ? $"routed from {routedFrom}" : Why(d.Audience, e, from, "no audience criteria: everyone enters"));
            TryComplete(d, e, m);
            return;
        }

        if (forced || TryComplete(d, e, m))
        {
            return;
        }

        if (d.Duration is { } duration && _now >= m.EnteredAt + duration)
        {
            _transitions.Leave(d, e, m, TransitionKind.Exited, $"duration {duration.TotalDays:0.##}d elapsed without reaching the goal");
            return;
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
    }

    private void Signal(Definition d, EntityState e)
    {
        var sig = d.Signal!;
        if (!_input.Definitions.ByKey.TryGetValue(sig.StageKey, out var stage))
        {
            return;
        }

        e.Memberships.TryGetValue(d.Key, out var m);
        var slow = Evaluator.SlowObjectives(_input, stage, sig, e);
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
        else if (flagged && !IsPaused(d))
        {
            m = _transitions.Enter(d, e, m, $"slow on {string.Join(", ", slow)} (time in stage > {sig.Factor} × benchmark)");
            m.Detail = string.Join(',', slow);
        }
    }
}
