using Trig.Crm.Lifecycle.Actions;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>
/// Enters and leaves memberships, records the transitions and fires their actions: update_attribute and route_to
/// run here, the rest are queued for the dispatcher. <c>route</c> evaluates a job an entity is routed into.
/// </summary>
internal sealed class MembershipTransitions(EvaluationInput input, EvaluationUnit unit, EvaluationResult result, Action<Definition, EntityState, string> route)
{
    // A route_to chain deeper than this stops: the loader refuses loops, this guards against anything it misses.
    private const int MaxRouteDepth = 8;
    private readonly DateTimeOffset _now = input.Now;
    private int _routeDepth;

    public Membership Enter(Definition d, EntityState e, Membership? m, string why)
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

    public void Leave(Definition d, EntityState e, Membership m, TransitionKind kind, string why)
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

    public void Touch(EntityState e, Membership m)
    {
        if (!m.Changed)
        {
            m.Changed = true;
            result.Memberships.Add((e, m));
        }
    }

    public Transition Record(Definition d, EntityState e, Membership m, TransitionKind kind, string why, int step = -1)
    {
        var t = new Transition(e.Kind, e.Id, d.Key, d.Kind, kind, _now, d.Version, why, m.Entries, step);
        result.Transitions.Add(t);
        return t;
    }

    public void Fire(Definition d, EntityState e, Transition t, IReadOnlyList<ActionSpec> actions)
    {
        for (var i = 0; i < actions.Count; i++)
        {
            var a = actions[i];
            switch (a)
            {
                case UpdateAttributeAction ua:
                    Update(e, t, i, ua);
                    break;
                case RouteToAction rt:
                    result.Actions.Add(new PendingAction(t, i, a, Executed: true));
                    if (input.Definitions.ByKey.TryGetValue(rt.Job, out var job) && job.Kind == DefinitionKind.Job && job.Entity == e.Kind && _routeDepth < MaxRouteDepth)
                    {
                        _routeDepth++;
                        route(job, e, d.Key);
                        _routeDepth--;
                    }

                    break;
                default:
                    result.Actions.Add(new PendingAction(t, i, a, Executed: false));
                    break;
            }
        }
    }

    private void Update(EntityState e, Transition t, int index, UpdateAttributeAction ua)
    {
        var type = input.Definitions.Schema.TypeOf(e.Kind, ua.Attribute) ?? ValueKind.None;
        var rendered = Placeholders.Render(ua.Value, e.ToSnapshot(), unit.Organisation is { } o && e.Kind == EntityKind.Person ? o.ToSnapshot() : null);
        if (!AttributeValue.TryParse(rendered, type, out var value))
        {
            // A rendered value that is not of the attribute's type leaves the attribute as it was.
            result.Actions.Add(new PendingAction(t, index, ua, Executed: true));
            return;
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
        result.Actions.Add(new PendingAction(t, index, ua, Executed: true));
    }
}
