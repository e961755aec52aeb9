using Trig.Crm.Actions.Slack;
using Trig.Crm.Lifecycle.Actions;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Actions.Tests.Slack;

public sealed class SlackMessageComposerTests
{
    private static readonly Dictionary<string, string?> NoUsers = new(StringComparer.OrdinalIgnoreCase);

    [Fact]
    public void RenderText_TemplateAndValues_EscapesOnlyAmpersandAndAngleBrackets()
    {
        var org = TestData.Organisation(name: "A&B <x> \"q\" *bold*");

        var text = SlackMessageComposer.RenderText("Deal <b> & {name} > ok", org, null, NoUsers);

        Assert.Equal("Deal &lt;b&gt; &amp; A&amp;B &lt;x&gt; \"q\" *bold* &gt; ok", text);
    }

    [Fact]
    public void RenderText_ValueThatLooksLikeAMention_CannotForgeOne()
    {
        var org = TestData.Organisation(attributes: [("note", AttributeValue.Of("<@U999> <!channel> <https://evil.test|click>"))]);

        var text = SlackMessageComposer.RenderText("{note}", org, null, NoUsers);

        Assert.Equal("&lt;@U999&gt; &lt;!channel&gt; &lt;https://evil.test|click&gt;", text);
    }

    [Fact]
    public void RenderText_MentionsFoundAndMissing_InsertedAfterEscaping()
    {
        var org = TestData.Organisation(ownerEmail: "owner@acme.test", attributes: [("csm_email", AttributeValue.Of("csm@acme.test"))]);
        var users = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["owner@acme.test"] = "U123", ["csm@acme.test"] = null };

        var text = SlackMessageComposer.RenderText("<{name}> @{owner_email} & @{ csm_email }", org, null, users);

        Assert.Equal("&lt;Acme &amp; Sons &lt;Ltd&gt;&gt; <@U123> &amp; csm@acme.test", text);
    }

    [Fact]
    public void RenderText_Placeholders_FilledFromEntityThenOrganisationAndMissingEmpty()
    {
        var org = TestData.Organisation(attributes: [("plan", AttributeValue.Of("pro")), ("seats", AttributeValue.Of(12))]);
        var person = TestData.Person("p-1", "ada@acme.test", "Ada", attributes: [("plan", AttributeValue.Of("trial"))]);

        var text = SlackMessageComposer.RenderText("{first_name} on {plan} ({seats} seats) at {organisation_name}; [{nope}] {{literal}}", person, org, NoUsers);

        Assert.Equal("Ada on trial (12 seats) at Acme &amp; Sons &lt;Ltd&gt;; [] {literal}", text);
    }

    [Fact]
    public void Blocks_LongText_SectionCutTo3000WithoutBreakingAMention()
    {
        var org = TestData.Organisation();
        var context = TestData.Context(new SlackAction("C1", null, "x"), org);
        var text = new string('a', 2990) + " <@U12345678> " + new string('b', 2000);

        var blocks = SlackMessageComposer.Blocks(text, context, []);
        var section = blocks[0]!["text"]!["text"]!.GetValue<string>();

        Assert.True(section.Length <= 3000, $"{section.Length}");
        Assert.EndsWith(" …", section, StringComparison.Ordinal);
        Assert.DoesNotContain("<@U", section, StringComparison.Ordinal);
        Assert.Equal(text, SlackMessageComposer.FallbackText(text, context));
    }

    [Fact]
    public void Blocks_PersonWithoutUrl_UsesTheOrganisationUrl()
    {
        var org = TestData.Organisation(recordUrl: "https://crm.example.com/companies/org-1");
        var person = TestData.Person("p-1", "ada@acme.test", "Ada");
        var context = TestData.Context(new SlackAction("C1", null, "x"), person, org);

        var blocks = SlackMessageComposer.Blocks("x", context, []);

        Assert.Equal("https://crm.example.com/companies/org-1", blocks[2]!["elements"]![0]!["url"]!.GetValue<string>());
        Assert.True(SlackMessageComposer.ButtonText.Length <= 75);
    }

    [Fact]
    public void Blocks_EmptyRenderedText_FallsBackToTheHeadline()
    {
        var context = TestData.Context(new SlackAction("C1", null, "{nothing}"), TestData.Organisation(name: "Acme"));

        var blocks = SlackMessageComposer.Blocks("", context, []);

        Assert.Equal("*Acme* · entered *First Strike Moment*", blocks[0]!["text"]!["text"]!.GetValue<string>());
        Assert.Equal("*Acme* · entered *First Strike Moment*", SlackMessageComposer.FallbackText("", context));
    }

    [Fact]
    public void Blocks_NonHttpRecordUrl_NoButton()
    {
        var context = TestData.Context(new SlackAction("C1", null, "x"), TestData.Organisation(recordUrl: "javascript:alert(1)"));

        var blocks = SlackMessageComposer.Blocks("x", context, []);

        Assert.Equal(2, blocks.Count);
    }
}
