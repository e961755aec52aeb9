namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>
/// An entity's state in one definition: its current (or latest) run and the permanent metadata.
/// Mutable during an evaluation; <see cref="Changed"/> tells the store what to write. Times are kept as UTC ticks
/// (0 = none) because tens of millions of these live in memory during a large evaluation; for the same reason the
/// status and the changed flag are a byte each and the follow-ups done a ushort (a job has a handful of follow-ups),
/// which keeps the object at 72 bytes rather than 80.
/// </summary>
public sealed class Membership(string key)
{
    private long _entered;
    private long _lastEntered;
    private long _lastCompleted;
    private long _lastExited;
    private byte _status;
    private ushort _followUpsDone;

    public string Key { get; } = key;

    public MembershipStatus Status
    {
        get => (MembershipStatus)_status;
        set => _status = checked((byte)value);
    }

    /// <summary>When the current (or latest) run began.</summary>
    public DateTimeOffset EnteredAt
    {
        get => new(_entered, TimeSpan.Zero);
        set => _entered = value.UtcTicks;
    }

    public DateTimeOffset? LastEntered
    {
        get => From(_lastEntered);
        set => _lastEntered = To(value);
    }

    public DateTimeOffset? LastCompleted
    {
        get => From(_lastCompleted);
        set => _lastCompleted = To(value);
    }

    public DateTimeOffset? LastExited
    {
        get => From(_lastExited);
        set => _lastExited = To(value);
    }

    /// <summary>How many times the entity has entered (cohorts and jobs re-enter).</summary>
    public int Entries { get; set; }

    /// <summary>Job follow-up steps already fired in the current run.</summary>
    public int FollowUpsDone
    {
        get => _followUpsDone;
        set => _followUpsDone = checked((ushort)value);
    }

    /// <summary>Signals: the objectives the entity is slow on (comma-separated), for cards.</summary>
    public string? Detail { get; set; }

    public bool Changed { get; set; }

    public bool IsActive => Status == MembershipStatus.Active;

    public Membership Clone() => (Membership)MemberwiseClone();

    private static DateTimeOffset? From(long ticks) => ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);

    private static long To(DateTimeOffset? value) => value?.UtcTicks ?? 0;
}
