namespace Trig.Crm.Lifecycle.Definitions;

/// <summary>Where a criteria block sits: events in completion/goal criteria also count only from entry.</summary>
internal enum CriteriaRole
{
    Audience,
    Completion,
}
