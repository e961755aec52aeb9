using Trig.Crm.Lifecycle.Criteria;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Metadata;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>
/// What a criterion sees: the entity (a person falls back to its organisation for attributes and org-level
/// metadata), the organisation's people for events, the time, and from when events count. With a
/// <see cref="Evaluation.Horizon"/>, every time-dependent test also reports when its outcome can change.
/// </summary>
internal readonly struct Scope(
    EntityState entity, EntityState? organisation, IReadOnlyList<EntityState>? people, DefinitionSet set, DateTimeOffset now, DateTimeOffset eventsFrom,
    Horizon? horizon = null)
{
    public DateTimeOffset Now { get; } = now;

    /// <summary>Where time-dependent tests report when their outcome can change; null when nobody asks.</summary>
    public Horizon? Horizon { get; } = horizon;

    public AttributeValue Read(ValueRef r) => r switch
    {
        AttributeRef a => ReadAttribute(a),
        MetadataRef m => ReadMetadata(m),
        CurrentStageRef => ReadCurrentStage(),
        _ => AttributeValue.None,
    };

    private AttributeValue ReadAttribute(AttributeRef a)
    {
        var v = entity.Get(a.Name);
        if (v.IsNone && a.Name == "owner_email" && entity.OwnerEmail is not null)
        {
            return AttributeValue.Of(entity.OwnerEmail);
        }

        if (v.IsNone && organisation is not null)
        {
            v = organisation.Get(a.Name);
            if (v.IsNone && a.Name == "owner_email" && organisation.OwnerEmail is not null)
            {
                return AttributeValue.Of(organisation.OwnerEmail);
            }
        }

        return v;
    }

    /// <summary>
    /// <see cref="ReadAttribute(AttributeRef)"/> by slot: <paramref name="name"/>'s slot among organisations' and
    /// among people's attributes (compiled criteria know both), with the same fallbacks.
    /// </summary>
    public AttributeValue ReadAttribute(string name, int organisationSlot, int personSlot)
    {
        var v = entity.Attributes.Get(entity.Kind == EntityKind.Organisation ? organisationSlot : personSlot);
        if (!v.IsNone)
        {
            return v;
        }

        if (name == "owner_email" && entity.OwnerEmail is not null)
        {
            return AttributeValue.Of(entity.OwnerEmail);
        }

        if (organisation is not null)
        {
            v = organisation.Attributes.Get(organisation.Kind == EntityKind.Organisation ? organisationSlot : personSlot);
            if (v.IsNone && name == "owner_email" && organisation.OwnerEmail is not null)
            {
                return AttributeValue.Of(organisation.OwnerEmail);
            }
        }

        return v;
    }

    private AttributeValue ReadMetadata(MetadataRef m)
    {
        var holder = entity;
        if (set.ByKey.TryGetValue(m.DefinitionKey, out var def) && def.Entity != entity.Kind && organisation is not null)
        {
            holder = organisation;
        }
        else if (def is null)
        {
            // A declared attribute that only looks like metadata.
            return entity.Get(m.Name);
        }

        if (m.Field == MetadataField.ObjectivesCompleted)
        {
            var count = 0;
            foreach (var o in def.Objectives)
            {
                if (holder.TryGetMembership(o.Key, out var om) && om.Status == MembershipStatus.Completed)
                {
                    count++;
                }
            }

            return AttributeValue.Of(count);
        }

        holder.TryGetMembership(m.DefinitionKey, out var ms);
        return m.Field switch
        {
            MetadataField.CurrentlyMemberOf => AttributeValue.Of(ms?.IsActive == true),
            MetadataField.LastEntered => ms?.LastEntered is { } e ? AttributeValue.Of(e) : AttributeValue.None,
            MetadataField.LastCompleted => ms?.LastCompleted is { } c ? AttributeValue.Of(c) : AttributeValue.None,
            MetadataField.LastExited => ms?.LastExited is { } x ? AttributeValue.Of(x) : AttributeValue.None,
            _ => AttributeValue.None,
        };
    }

    private AttributeValue ReadCurrentStage()
    {
        foreach (var d in set.Ordered)
        {
            if (d.Kind == DefinitionKind.Stage)
            {
                var h = d.Entity == entity.Kind ? entity : organisation ?? entity;
                if (h.TryGetMembership(d.Key, out var sm) && sm.IsActive)
                {
                    return AttributeValue.Of(d.Key);
                }
            }
        }

        return AttributeValue.None;
    }

    /// <summary>Occurrences of an event on the entity (for an organisation, also on its people) in [from, now].</summary>
    public int CountEvents(string name, TimeSpan? window) => CountEvents(EventNames.Find(name), window);

    /// <summary><see cref="CountEvents(string, TimeSpan?)"/> by the event's interned id (compiled criteria).</summary>
    public int CountEvents(int id, TimeSpan? window)
    {
        if (id < 0)
        {
            return 0;
        }

        var from = eventsFrom;
        if (window is { } w && Now - w > from)
        {
            from = Now - w;
        }

        var fromTicks = from.UtcTicks;
        var to = Now.UtcTicks;
        var n = entity.EventsOrEmpty.CountBetween(id, fromTicks, to);
        Horizon?.Events(entity.EventsOrEmpty, id, fromTicks, to, window);
        if (entity.Kind == EntityKind.Organisation && people is not null)
        {
            // Indexed, not foreach: enumerating the interface would allocate an enumerator per count.
            for (var i = 0; i < people.Count; i++)
            {
                n += people[i].EventsOrEmpty.CountBetween(id, fromTicks, to);
                Horizon?.Events(people[i].EventsOrEmpty, id, fromTicks, to, window);
            }
        }

        return n;
    }
}
