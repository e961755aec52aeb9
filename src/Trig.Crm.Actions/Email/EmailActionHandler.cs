using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Trig.Crm.Lifecycle.Actions;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Actions.Email;

/// <summary>
/// Delivers <c>email</c> actions as plain text over SMTP: to the person, or to each person of an organisation
/// (already filtered by the dispatcher, which then clears the action's recipient filter; one still set fails the
/// action rather than widening the audience). Each message's Message-Id derives from the idempotency key and the
/// recipient, so a retry after a partial send can be deduplicated by the receiver.
/// </summary>
internal sealed class EmailActionHandler(
    IOptionsMonitor<SmtpOptions> options,
    TimeProvider time,
    ILogger<EmailActionHandler> logger) : IActionHandler
{
    public string Kind => "email";

    public async Task<ActionOutcome> SendAsync(ActionContext context, CancellationToken cancellationToken)
    {
        if (context.Item.Action is not EmailAction action)
        {
            return new ActionOutcome.Failed($"email handler got a {context.Item.Action.Kind} action");
        }

        var o = options.CurrentValue;
        if (string.IsNullOrWhiteSpace(o.Host))
        {
            return new ActionOutcome.Failed("SMTP is not configured: set Trig:Smtp:Host");
        }

        if (string.IsNullOrWhiteSpace(o.From) || !MailboxAddress.TryParse(o.From, out var from))
        {
            return new ActionOutcome.Failed("SMTP sender is not configured: set Trig:Smtp:From to an email address");
        }

        if (context.Entity.Kind == EntityKind.Organisation && !string.IsNullOrWhiteSpace(action.RecipientFilter))
        {
            // The dispatcher clears the filter once it has applied it to the people. Still set means it was not
            // applied (no definitions loaded): sending would reach every person, so nobody is emailed.
            return new ActionOutcome.Failed(
                $"recipient filter '{action.RecipientFilter.ReplaceLineEndings(" ").Trim()}' was not evaluated (no definitions loaded): " +
                $"not emailing the people of organisation {context.Entity.Id}");
        }

        var recipients = Recipients(context);
        if (recipients.Count == 0)
        {
            return new ActionOutcome.Skipped(context.Entity.Kind == EntityKind.Person
                ? $"person {context.Entity.Id} has no email address"
                : $"organisation {context.Entity.Id} has no people with an email address");
        }

        return await DeliverAsync(action, context, o, o.Host, from, recipients, cancellationToken);
    }

    /// <summary>One SMTP session for all recipients; connection and server errors become Retry or Failed.</summary>
    private async Task<ActionOutcome> DeliverAsync(
        EmailAction action, ActionContext context, SmtpOptions o, string host, MailboxAddress from, List<(EntitySnapshot Person, MailboxAddress Address)> recipients, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient { Timeout = (int)Math.Clamp(o.Timeout.TotalMilliseconds, 1000, int.MaxValue) };
        (int Sent, List<string> Rejected) result;
        try
        {
            await ConnectAsync(client, o, host, cancellationToken);
            result = await SendEachAsync(client, action, context, from, recipients, cancellationToken);
            await client.DisconnectAsync(true, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (SmtpCommandException ex)
        {
            var status = (int)ex.StatusCode;
            var reason = $"smtp {o.Host}: {status} {ex.Message}";
            return status >= 500 ? new ActionOutcome.Failed(reason) : new ActionOutcome.Retry(reason);
        }
        catch (AuthenticationException ex)
        {
            return new ActionOutcome.Failed($"smtp {o.Host}: authentication failed ({ex.Message}); check Trig:Smtp:UserName and Trig:Smtp:Password");
        }
        catch (Exception ex) when (ex is SmtpProtocolException or ServiceNotConnectedException or ServiceNotAuthenticatedException or IOException or SocketException or SslHandshakeException or TimeoutException or OperationCanceledException)
        {
            return new ActionOutcome.Retry($"smtp {o.Host}:{o.Port}: {ex.Message}");
        }

        var (sent, rejected) = result;
        if (sent == 0)
        {
            return new ActionOutcome.Failed($"every recipient was rejected: {string.Join(", ", rejected)}");
        }

        return new ActionOutcome.Sent(rejected.Count == 0
            ? $"sent to {sent} recipient(s)"
            : $"sent to {sent} recipient(s); rejected: {string.Join(", ", rejected)}");
    }

    private static async Task ConnectAsync(SmtpClient client, SmtpOptions o, string host, CancellationToken cancellationToken)
    {
        var security = o.Port == 465 ? SecureSocketOptions.SslOnConnect
            : o.UseStartTls switch
            {
                true => SecureSocketOptions.StartTls,
                false => SecureSocketOptions.None,
                null => SecureSocketOptions.StartTlsWhenAvailable,
            };
        await client.ConnectAsync(host, o.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(o.UserName))
        {
            await client.AuthenticateAsync(o.UserName, o.Password ?? "", cancellationToken);
        }
    }

    private async Task<(int Sent, List<string> Rejected)> SendEachAsync(
        SmtpClient client, EmailAction action, ActionContext context, MailboxAddress from, List<(EntitySnapshot Person, MailboxAddress Address)> recipients, CancellationToken cancellationToken)
    {
        var item = context.Item;
        var domain = from.Domain is { Length: > 0 } d ? d : "trig.local";
        var rejected = new List<string>();
        var sent = 0;
        foreach (var (person, address) in recipients)
        {
            using var message = Compose(action, item, context, person, from, address, domain);
            try
            {
                await client.SendAsync(message, cancellationToken);
                sent++;
            }
            catch (SmtpCommandException ex) when (ex.ErrorCode == SmtpErrorCode.RecipientNotAccepted && (int)ex.StatusCode >= 500)
            {
                // One bad address must not hold back the others or make them resend forever.
                logger.LogWarning("Outbox {ItemId}: {Address} rejected: {Status} {Message}", item.Id, address.Address, (int)ex.StatusCode, ex.Message);
                rejected.Add($"{address.Address} ({(int)ex.StatusCode})");
            }
        }

        return (sent, rejected);
    }

    private List<(EntitySnapshot Person, MailboxAddress Address)> Recipients(ActionContext context)
    {
        var people = context.Entity.Kind == EntityKind.Person ? [context.Entity] : context.People;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var list = new List<(EntitySnapshot, MailboxAddress)>();
        foreach (var person in people)
        {
            var email = person.Email?.Trim();
            if (string.IsNullOrEmpty(email))
            {
                logger.LogInformation("Outbox {ItemId}: skipping person {PersonId}: no email address", context.Item.Id, person.Id);
                continue;
            }

            if (!MailboxAddress.TryParse(email, out var address) || string.IsNullOrEmpty(address.Domain))
            {
                logger.LogInformation("Outbox {ItemId}: skipping person {PersonId}: '{Email}' is not an email address", context.Item.Id, person.Id, email);
                continue;
            }

            if (seen.Add(address.Address))
            {
                address.Name = person.DisplayName == person.Id ? null : person.DisplayName;
                list.Add((person, address));
            }
        }

        return list;
    }

    private MimeMessage Compose(EmailAction action, OutboxItem item, ActionContext context, EntitySnapshot person, MailboxAddress from, MailboxAddress to, string domain)
    {
        // Placeholders read the definition's entity, then its organisation, then the recipient (lifecycle.md).
        var subject = Placeholders.Render(action.Subject, context.Entity, context.Organisation, recipient: person).ReplaceLineEndings(" ").Trim();
        var body = Placeholders.Render(action.Body, context.Entity, context.Organisation, recipient: person);
        var message = new MimeMessage
        {
            Subject = subject,
            Date = time.GetUtcNow(),
            MessageId = MessageId(item.IdempotencyKey, to.Address, domain),
            Body = new TextPart("plain") { Text = body },
        };
        message.From.Add(from);
        message.To.Add(to);
        message.Headers.Add("X-Trig-Idempotency-Key", item.IdempotencyKey);
        return message;
    }

    /// <summary>A stable Message-Id: a hash of the idempotency key and the recipient, at the sender's domain.</summary>
    internal static string MessageId(string idempotencyKey, string recipient, string domain)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{idempotencyKey}\n{recipient.ToLowerInvariant()}"));
        return $"trig.{Convert.ToHexStringLower(hash.AsSpan(0, 16))}@{domain}";
    }
}
