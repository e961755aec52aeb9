namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>What happened to an entity in a definition.</summary>
public enum TransitionKind
{
    Entered,
    Completed,
    Exited,
    FollowUp,
}
