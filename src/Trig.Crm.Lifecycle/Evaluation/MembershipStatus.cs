namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>Where an entity stands in a definition after its latest run.</summary>
public enum MembershipStatus
{
    Active,
    Completed,
    Exited,
}
