using Trig.Crm.Lifecycle.Criteria;
using Trig.Crm.Lifecycle.Metadata;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Tests.Criteria;

public sealed class ConditionParserTests
{
    [Theory]
    [InlineData("plan = Premium", CompareOp.Eq)]
    [InlineData("plan != Premium", CompareOp.Ne)]
    [InlineData("plan > Premium", CompareOp.Gt)]
    [InlineData("plan >= Premium", CompareOp.Ge)]
    [InlineData("plan < Premium", CompareOp.Lt)]
    [InlineData("plan <= Premium", CompareOp.Le)]
    public void Parse_ComparisonOperator_ToCompare(string text, CompareOp op)
    {
        var c = Assert.IsType<Compare>(ConditionParser.Parse(text));

        Assert.Equal(new AttributeRef("plan"), c.Left);
        Assert.Equal(op, c.Op);
        Assert.Equal(AttributeValue.Of("Premium"), c.Right);
        Assert.Equal(text, c.Text);
    }

    [Fact]
    public void Parse_Literals_AreTyped()
    {
        Assert.Equal(AttributeValue.Of(5d), Assert.IsType<Compare>(ConditionParser.Parse("seats >= 5")).Right);
        Assert.Equal(AttributeValue.Of(true), Assert.IsType<Compare>(ConditionParser.Parse("setup_completed = true")).Right);
        Assert.Equal(AttributeValue.Of(new DateTimeOffset(2025, 1, 31, 0, 0, 0, TimeSpan.Zero)), Assert.IsType<Compare>(ConditionParser.Parse("renewal_date < 2025-01-31")).Right);
        Assert.Equal(AttributeValue.Of("5"), Assert.IsType<Compare>(ConditionParser.Parse("code = \"5\"")).Right);
        Assert.Equal(AttributeValue.Of("Acme Inc"), Assert.IsType<Compare>(ConditionParser.Parse("name = Acme Inc")).Right);
    }

    [Fact]
    public void Parse_InList_ToInList()
    {
        var c = Assert.IsType<InList>(ConditionParser.Parse("plan in [Premium, Enterprise, \"Big Co\"]"));

        Assert.False(c.Negated);
        Assert.Equal([AttributeValue.Of("Premium"), AttributeValue.Of("Enterprise"), AttributeValue.Of("Big Co")], c.Values.ToArray());
    }

    [Fact]
    public void Parse_NotInList_ToNegatedInList()
    {
        var c = Assert.IsType<InList>(ConditionParser.Parse("seats not in [1, 2]"));

        Assert.True(c.Negated);
        Assert.Equal([AttributeValue.Of(1d), AttributeValue.Of(2d)], c.Values.ToArray());
    }

    [Theory]
    [InlineData("name contains \"Inc\"", false)]
    [InlineData("name contains Inc", false)]
    [InlineData("name does not contain Inc", true)]
    [InlineData("name not contains Inc", true)]
    public void Parse_Contains_ToContains(string text, bool negated)
    {
        var c = Assert.IsType<Contains>(ConditionParser.Parse(text));

        Assert.Equal(("name", "Inc", negated), (c.Left.Name, c.Needle, c.Negated));
    }

    [Theory]
    [InlineData("first_session_date within last 7 days", RelativeMode.WithinLast, 7 * 24 * 60)]
    [InlineData("renewal_date within next 90 days", RelativeMode.WithinNext, 90 * 24 * 60)]
    [InlineData("last_login within last 2 weeks", RelativeMode.WithinLast, 14 * 24 * 60)]
    [InlineData("last_login within last 12 hours", RelativeMode.WithinLast, 12 * 60)]
    [InlineData("last_login within last 30 minutes", RelativeMode.WithinLast, 30)]
    [InlineData("last_login more than 30 days ago", RelativeMode.MoreThanAgo, 30 * 24 * 60)]
    [InlineData("last_login less than 3 days ago", RelativeMode.LessThanAgo, 3 * 24 * 60)]
    [InlineData("last_login > 30 days ago", RelativeMode.MoreThanAgo, 30 * 24 * 60)]
    [InlineData("sign_up_date > 1 day ago", RelativeMode.MoreThanAgo, 24 * 60)]
    [InlineData("sign_up_date < 7 days ago", RelativeMode.LessThanAgo, 7 * 24 * 60)]
    public void Parse_RelativeDate_ToRelativeDate(string text, RelativeMode mode, int minutes)
    {
        var c = Assert.IsType<RelativeDate>(ConditionParser.Parse(text));

        Assert.Equal(mode, c.Mode);
        Assert.Equal(TimeSpan.FromMinutes(minutes), c.Span);
    }

    [Theory]
    [InlineData("owner_email has any value", true)]
    [InlineData("owner_email has no value", false)]
    public void Parse_HasValue_ToHasValue(string text, bool any)
    {
        var c = Assert.IsType<HasValue>(ConditionParser.Parse(text));

        Assert.Equal(new AttributeRef("owner_email"), c.Left);
        Assert.Equal(any, c.Any);
    }

    [Fact]
    public void Parse_Occurred_AtLeastOnceEver()
    {
        var c = Assert.IsType<Occurred>(ConditionParser.Parse("project_created occurred"));

        Assert.Equal(("project_created", CompareOp.Ge, 1, (TimeSpan?)null, false), (c.Event, c.CountOp, c.Count, c.Window, c.Negated));
    }

    [Fact]
    public void Parse_OccurredCountWithinWindow()
    {
        var c = Assert.IsType<Occurred>(ConditionParser.Parse("invoice_sent occurred >= 3 times within 14 days"));

        Assert.Equal(("invoice_sent", CompareOp.Ge, 3, (TimeSpan?)TimeSpan.FromDays(14), false), (c.Event, c.CountOp, c.Count, c.Window, c.Negated));
    }

    [Theory]
    [InlineData("login has not occurred")]
    [InlineData("login did not occur")]
    [InlineData("login not occurred")]
    public void Parse_NotOccurred_ToNegatedOccurred(string text)
    {
        var c = Assert.IsType<Occurred>(ConditionParser.Parse(text));

        Assert.True(c.Negated);
        Assert.Equal("login", c.Event);
    }

    [Theory]
    [InlineData("currently_member_of_new_self_serve = true", MetadataField.CurrentlyMemberOf, "new_self_serve")]
    [InlineData("last_entered_nudge has any value", MetadataField.LastEntered, "nudge")]
    [InlineData("last_entry_to_nudge has any value", MetadataField.LastEntered, "nudge")]
    [InlineData("last_completed_setup_moment has any value", MetadataField.LastCompleted, "setup_moment")]
    [InlineData("last_completion_of_setup_moment has any value", MetadataField.LastCompleted, "setup_moment")]
    [InlineData("last_exited_nudge has any value", MetadataField.LastExited, "nudge")]
    [InlineData("last_exit_from_nudge has any value", MetadataField.LastExited, "nudge")]
    [InlineData("objectives_completed_onboarding < 2", MetadataField.ObjectivesCompleted, "onboarding")]
    public void Parse_MetadataNamesAndAliases_ResolveToTheSameReference(string text, MetadataField field, string key)
    {
        var left = ConditionParser.Parse(text) switch
        {
            Compare x => x.Left,
            HasValue x => x.Left,
            var other => throw new InvalidOperationException(other.ToString()),
        };

        var m = Assert.IsType<MetadataRef>(left);
        Assert.Equal((field, key), (m.Field, m.DefinitionKey));
    }

    [Fact]
    public void Parse_CurrentStage_ToCurrentStageRef()
    {
        var c = Assert.IsType<Compare>(ConditionParser.Parse("current_stage = onboarding"));

        Assert.IsType<CurrentStageRef>(c.Left);
    }

    [Theory]
    [InlineData("plan equals Premium", 5, "unknown operator 'equals'")]
    [InlineData("plan ! Premium", 5, "unknown operator '!'")]
    [InlineData("plan", 4, "needs an operator")]
    [InlineData("plan =", 6, "expected a value")]
    [InlineData("last_login within 7 days", 18, "expected 'last' or 'next'")]
    [InlineData("last_login within last 7 fortnights", 25, "unknown time unit 'fortnights'")]
    [InlineData("last_login more than 7 days", 27, "expected 'ago'")]
    [InlineData("plan in [Premium", 16, "expected ']'")]
    [InlineData("name = \"Acme", 7, "unterminated quoted string")]
    [InlineData("owner_email has some value", 16, "expected 'any value', 'no value' or 'occurred'")]
    [InlineData("login occurred >= many times", 18, "expected a count")]
    [InlineData("42 = plan", 0, "expected an attribute")]
    public void Parse_BadCondition_ThrowsWithOffset(string text, int offset, string message)
    {
        var ex = Assert.Throws<CriteriaSyntaxException>(() => ConditionParser.Parse(text));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Equal(offset, ex.Offset);
    }
}
