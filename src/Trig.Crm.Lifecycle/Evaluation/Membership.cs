namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>
/// An entity's state in one definition: its current (or latest) run and the permanent metadata.
/// Mutable during an evaluation; <see cref="Changed"/> tells the store what to write.
/// </summary>
public sealed class Membership(string key)
{
    public string Key { get; } = key;

    public MembershipStatus Status { get; set; }

    /// <summary>When the current (or latest) run began.</summary>
    public DateTimeOffset EnteredAt { get; set; }

    public DateTimeOffset? LastEntered { get; set; }

    public DateTimeOffset? LastCompleted { get; set; }

    public DateTimeOffset? LastExited { get; set; }

    /// <summary>How many times the entity has entered (cohorts and jobs re-enter).</summary>
    public int Entries { get; set; }

    /// <summary>Job follow-up steps already fired in the current run.</summary>
    public int FollowUpsDone { get; set; }

    /// <summary>Signals: the objectives the entity is slow on (comma-separated), for cards.</summary>
    public string? Detail { get; set; }

    public bool Changed { get; set; }

    public bool IsActive => Status == MembershipStatus.Active;

    public Membership Clone() => (Membership)MemberwiseClone();
}
