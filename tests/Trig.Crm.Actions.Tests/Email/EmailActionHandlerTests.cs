using MimeKit;
using Trig.Crm.Actions.Email;
using Trig.Crm.Lifecycle.Actions;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Testing;
using Trig.Crm.Testing.Prerequisites;
using Trig.Crm.Testing.Smtp;

namespace Trig.Crm.Actions.Tests.Email;

public sealed class EmailActionHandlerTests(SmtpServerFixture smtp) : IClassFixture<SmtpServerFixture>, IDisposable
{
    private static readonly EmailAction Nudge = new(
        "Hi {first_name}, your {plan} trial at {organisation_name}",
        "Hello {first_name},\n\nYou have created {invoices_created} invoices. Region: [{region}].\n\nThe team",
        null);

    private ActionsHarness? _harness;

    private ActionsHarness H => _harness ??= new ActionsHarness(new Dictionary<string, string?>
    {
        ["Trig:Smtp:Host"] = "127.0.0.1",
        ["Trig:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Trig:Smtp:From"] = "Trig <trig@vendor.test>",
    });

    public void Dispose() => _harness?.Dispose();

    private static EntitySnapshot Org() => TestData.Organisation(name: "Acme", attributes: [("plan", AttributeValue.Of("Pro"))]);

    private static string Key(string name) => $"first_invoice_nudge:{name}:{Guid.NewGuid():N}:1:0:0";

    [SmtpFact]
    public async Task Send_Person_EmailsThePersonWithPlaceholdersFilledAndMissingEmpty()
    {
        var person = TestData.Person("p-1", "ada@acme.test", "Ada", attributes: [("invoices_created", AttributeValue.Of(0))]);
        var key = Key("person");

        var outcome = await H.Email.SendAsync(TestData.Context(Nudge, person, Org(), key: key), CancellationToken.None);

        Assert.Equal(new ActionOutcome.Sent("sent to 1 recipient(s)"), outcome);
        var message = Assert.Single(smtp.Messages(key));
        Assert.Equal("ada@acme.test", Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal("ada@acme.test", message.Headers["X-Envelope-To"]);
        Assert.Equal("trig@vendor.test", Assert.Single(message.From.Mailboxes).Address);
        Assert.Equal("Hi Ada, your Pro trial at Acme", message.Subject);
        Assert.Equal("Hello Ada,\n\nYou have created 0 invoices. Region: [].\n\nThe team", message.TextBody!.ReplaceLineEndings("\n").TrimEnd('\n'));
        Assert.Null(message.HtmlBody);
        Assert.Equal(EmailActionHandler.MessageId(key, "ada@acme.test", "vendor.test"), message.MessageId);
        Assert.Equal(TestData.Start, message.Date);
    }

    [SmtpFact]
    public async Task Send_Organisation_EmailsEachPersonWithTheirOwnPlaceholdersAndSkipsThoseWithoutEmail()
    {
        var people = new[]
        {
            TestData.Person("p-1", "ada@acme.test", "Ada", attributes: [("invoices_created", AttributeValue.Of(2))]),
            TestData.Person("p-2", null, "Nomail"),
            TestData.Person("p-3", "bob@acme.test", "Bob"),
        };
        var key = Key("org");

        var outcome = await H.Email.SendAsync(TestData.Context(Nudge, Org(), people: people, key: key), CancellationToken.None);

        Assert.Equal(new ActionOutcome.Sent("sent to 2 recipient(s)"), outcome);
        var messages = smtp.Messages(key);
        Assert.Equal(["ada@acme.test", "bob@acme.test"], messages.Select(m => m.To.Mailboxes.Single().Address));
        Assert.Equal(["Hi Ada, your Pro trial at Acme", "Hi Bob, your Pro trial at Acme"], messages.Select(m => m.Subject));
        Assert.Contains("You have created 2 invoices.", messages[0].TextBody, StringComparison.Ordinal);
        Assert.Contains("You have created  invoices.", messages[1].TextBody, StringComparison.Ordinal);
        Assert.NotEqual(messages[0].MessageId, messages[1].MessageId);
        Assert.Contains(H.Logs.Messages, m => m.Contains("skipping person p-2: no email address", StringComparison.Ordinal));
    }

    [SmtpFact]
    public async Task Send_OrganisationWithAnUnappliedRecipientFilter_EmailsNobodyAndFails()
    {
        // What the dispatcher hands over when it had no definitions to evaluate the filter with: the filter still on
        // the action. Sending to the people given would email everyone the filter was meant to narrow down.
        var filtered = Nudge with { RecipientFilter = "role = admin" };
        var people = new[] { TestData.Person("p-1", "ada@acme.test", "Ada"), TestData.Person("p-3", "bob@acme.test", "Bob") };
        var key = Key("unfiltered");

        var outcome = await H.Email.SendAsync(TestData.Context(filtered, Org(), people: people, key: key), CancellationToken.None);

        var failed = Assert.IsType<ActionOutcome.Failed>(outcome);
        Assert.Contains("recipient filter 'role = admin' was not evaluated", failed.Reason, StringComparison.Ordinal);
        Assert.Empty(smtp.Messages(key));
    }

    [SmtpFact]
    public async Task Send_PersonWithoutEmail_SkippedWithReasonAndNothingSent()
    {
        var key = Key("noemail");

        var outcome = await H.Email.SendAsync(TestData.Context(Nudge, TestData.Person("p-9", null, "Zed"), Org(), key: key), CancellationToken.None);

        Assert.Equal(new ActionOutcome.Skipped("person p-9 has no email address"), outcome);
        Assert.Empty(smtp.Messages(key));
    }

    [SmtpFact]
    public async Task Send_OrganisationWithoutReachablePeople_Skipped()
    {
        var outcome = await H.Email.SendAsync(TestData.Context(Nudge, Org(), people: [TestData.Person("p-2", null)]), CancellationToken.None);

        Assert.Equal(new ActionOutcome.Skipped("organisation org-1 has no people with an email address"), outcome);
    }

    [SmtpFact]
    public async Task Send_Retried_SameMessageIdSoReceiversCanDedupe()
    {
        var person = TestData.Person("p-1", "ada@acme.test", "Ada");
        var key = Key("retry");
        var context = TestData.Context(Nudge, person, Org(), key: key);

        await H.Email.SendAsync(context, CancellationToken.None);
        await H.Email.SendAsync(context with { Item = context.Item with { Attempts = 1 } }, CancellationToken.None);

        var messages = smtp.Messages(key);
        Assert.Equal(2, messages.Count);
        Assert.Equal(messages[0].MessageId, messages[1].MessageId);
    }

    [SmtpFact]
    public async Task Send_OnlyRecipientRejected_FailsWithTheServerAnswer()
    {
        var key = Key("rejected");

        var outcome = await H.Email.SendAsync(TestData.Context(Nudge, TestData.Person("p-5", "reject-me@acme.test", "Rex"), Org(), key: key), CancellationToken.None);

        var failed = Assert.IsType<ActionOutcome.Failed>(outcome);
        Assert.Contains("reject-me@acme.test (550)", failed.Reason, StringComparison.Ordinal);
        Assert.Empty(smtp.Messages(key));
    }

    [Fact]
    public async Task Send_OneOfSeveralRejected_SendsTheOthersAndReportsIt()
    {
        var people = new[] { TestData.Person("p-5", "reject-me@acme.test", "Rex"), TestData.Person("p-1", "ada@acme.test", "Ada") };
        var key = Key("partial");

        var outcome = await H.Email.SendAsync(TestData.Context(Nudge, Org(), people: people, key: key), CancellationToken.None);

        Assert.Equal(new ActionOutcome.Sent("sent to 1 recipient(s); rejected: reject-me@acme.test (550)"), outcome);
        Assert.Equal("ada@acme.test", Assert.Single(smtp.Messages(key)).To.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task Send_ServerDown_Retries()
    {
        using var harness = new ActionsHarness(new Dictionary<string, string?>
        {
            ["Trig:Smtp:Host"] = "127.0.0.1",
            ["Trig:Smtp:Port"] = FreePort.Get().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Trig:Smtp:From"] = "trig@vendor.test",
        });

        var outcome = await harness.Email.SendAsync(TestData.Context(Nudge, TestData.Person("p-1", "ada@acme.test"), Org()), CancellationToken.None);

        Assert.IsType<ActionOutcome.Retry>(outcome);
    }

    [Fact]
    public async Task Send_HostNotConfigured_FailsNamingTheSetting()
    {
        using var harness = new ActionsHarness();

        var outcome = await harness.Email.SendAsync(TestData.Context(Nudge, TestData.Person("p-1", "ada@acme.test"), Org()), CancellationToken.None);

        Assert.Equal(new ActionOutcome.Failed("SMTP is not configured: set Trig:Smtp:Host"), outcome);
    }
}
