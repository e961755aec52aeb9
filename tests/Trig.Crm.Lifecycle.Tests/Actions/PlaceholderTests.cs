using Trig.Crm.Lifecycle.Actions;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Testing;

namespace Trig.Crm.Lifecycle.Tests.Actions;

/// <summary>Placeholders read the definition's entity, then its organisation, then an email's recipient (lifecycle.md).</summary>
public sealed class PlaceholderTests
{
    private static readonly DefinitionSet Sample = LoadSample();

    private static DefinitionSet LoadSample()
    {
        var result = DefinitionLoader.Load(RepoPaths.SampleLifecycleFiles());
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Diagnostics));
        return result.Set!;
    }

    private static EntitySnapshot Acme() => new(EntityKind.Organisation, "org-1", null, new Dictionary<string, AttributeValue>
    {
        ["name"] = AttributeValue.Of("Acme"),
        ["plan"] = AttributeValue.Of("Premium"),
    });

    private static EntitySnapshot Ada() => new(EntityKind.Person, "person-1", "org-1", new Dictionary<string, AttributeValue>
    {
        ["first_name"] = AttributeValue.Of("Ada"),
        ["last_name"] = AttributeValue.Of("Lovelace"),
        ["email"] = AttributeValue.Of("ada@acme.test"),
    });

    [Fact]
    public void Render_OrganisationJobEmail_NameIsTheOrganisationsAndFirstNameTheRecipients()
    {
        var email = Assert.IsType<EmailAction>(Assert.Single(Sample.ByKey["feature_adoption"].OnEntry));

        var body = Placeholders.Render(email.Body, Acme(), null, recipient: Ada());

        Assert.Equal("Hi Ada, Acme is on Premium, which includes feature X. Two clicks: Settings > Feature X > Enable. Lee", body);
    }

    [Fact]
    public void Render_PersonJobSlackText_NameIsTheOrganisationsWhenThePersonHasNone()
    {
        var slack = Assert.IsType<SlackAction>(Assert.Single(Sample.ByKey["onboarding_stalled"].OnEntry));

        var text = Placeholders.Render(slack.Text, Ada(), Acme());

        Assert.Equal("Ada Lovelace (ada@acme.test) at Acme stalled in onboarding: no project after 10 days.", text);
    }

    [Fact]
    public void Render_PersonJobEmail_SignedUpForTheOrganisation()
    {
        var email = Assert.IsType<EmailAction>(Assert.Single(Sample.ByKey["onboarding_nudge"].OnEntry));

        var body = Placeholders.Render(email.Body, Ada(), Acme(), recipient: Ada());

        Assert.StartsWith("Hi Ada,", body, StringComparison.Ordinal);
        Assert.Contains("I noticed you signed up for Acme but", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Lookup_OrganisationJob_ReadsTheOrganisationBeforeTheRecipient()
    {
        var org = Acme() with { Attributes = new Dictionary<string, AttributeValue> { ["name"] = AttributeValue.Of("Acme"), ["email"] = AttributeValue.Of("billing@acme.test") } };

        Assert.Equal("billing@acme.test", Placeholders.Lookup("email", org, null, Ada()));
        Assert.Equal("Lovelace", Placeholders.Lookup("last_name", org, null, Ada()));
    }
}
