using Trig.Crm.Lifecycle.Evaluation;

namespace Trig.Crm.Lifecycle.Tests.Evaluation;

/// <summary>The packed fields of a membership (status in a byte, follow-ups done in a ushort) read back as set.</summary>
public sealed class MembershipTests
{
    [Theory]
    [InlineData(MembershipStatus.Active)]
    [InlineData(MembershipStatus.Completed)]
    [InlineData(MembershipStatus.Exited)]
    public void Status_ReadsBackAsSet_AndSurvivesAClone(MembershipStatus status)
    {
        var m = new Membership("onboarding") { Status = status, Entries = 70_000, FollowUpsDone = 3, Changed = true };

        var copy = m.Clone();

        Assert.Equal(status, m.Status);
        Assert.Equal(status, copy.Status);
        Assert.Equal(status == MembershipStatus.Active, copy.IsActive);
        Assert.Equal(70_000, copy.Entries);
        Assert.Equal(3, copy.FollowUpsDone);
        Assert.True(copy.Changed);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(ushort.MaxValue)]
    public void FollowUpsDone_ReadsBackAsSet(int done)
    {
        var m = new Membership("trial_job") { FollowUpsDone = done };
        Assert.Equal(done, m.FollowUpsDone);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(ushort.MaxValue + 1)]
    public void FollowUpsDone_OutsideWhatItHolds_IsRefused_NotWrapped(int done)
    {
        var m = new Membership("trial_job") { FollowUpsDone = 2 };
        Assert.Throws<OverflowException>(() => m.FollowUpsDone = done);
        Assert.Equal(2, m.FollowUpsDone);
    }

    [Fact]
    public void Status_OutsideTheEnum_IsRefused_NotWrapped()
    {
        var m = new Membership("trial_job");
        Assert.Throws<OverflowException>(() => m.Status = (MembershipStatus)300);
        Assert.Equal(MembershipStatus.Active, m.Status);
    }
}
