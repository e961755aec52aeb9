using System.Text.Json.Serialization;

namespace Trig.Crm.Lifecycle.Actions;

/// <summary>
/// An action as written in a definition. It is stored, resolved, as JSON in the outbox row, so a row can be
/// dispatched after the definitions change or the process restarts.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(SlackAction), "slack")]
[JsonDerivedType(typeof(WebhookAction), "webhook")]
[JsonDerivedType(typeof(EmailAction), "email")]
[JsonDerivedType(typeof(UpdateAttributeAction), "update_attribute")]
[JsonDerivedType(typeof(RouteToAction), "route_to")]
public abstract record ActionSpec
{
    /// <summary>The kind name used in YAML and in the outbox (<c>slack</c>, <c>webhook</c>, …).</summary>
    [JsonIgnore]
    public abstract string Kind { get; }
}

/// <summary>
/// A Slack message. <see cref="Channel"/> posts to a channel (mentioning the owner where the text says
/// <c>@{owner_email}</c>); <see cref="To"/> = <c>owner</c> sends a DM to the CRM owner.
/// </summary>
public sealed record SlackAction(string? Channel, string? To, string Text) : ActionSpec
{
    [JsonIgnore]
    public override string Kind => "slack";
}

/// <summary>
/// A signed JSON POST. <see cref="Secret"/> names the secret, read from configuration
/// <c>Trig:Webhooks:Secrets:&lt;name&gt;</c> (never from the definitions). <see cref="Attributes"/> selects the
/// attributes sent with the event.
/// </summary>
public sealed record WebhookAction(string Url, string? Secret, IReadOnlyList<string> Attributes) : ActionSpec
{
    [JsonIgnore]
    public override string Kind => "webhook";
}

/// <summary>
/// A plain-text email. A person-level definition emails the person; an organisation-level one emails its
/// contacts, filtered by <see cref="RecipientFilter"/> (criteria text) when set.
/// </summary>
public sealed record EmailAction(string Subject, string Body, string? RecipientFilter) : ActionSpec
{
    [JsonIgnore]
    public override string Kind => "email";
}

/// <summary>Sets an attribute on the entity (internal; pushed to the CRM when mapped).</summary>
public sealed record UpdateAttributeAction(string Attribute, string Value) : ActionSpec
{
    [JsonIgnore]
    public override string Kind => "update_attribute";
}

/// <summary>Enters the entity into another job now.</summary>
public sealed record RouteToAction(string Job) : ActionSpec
{
    [JsonIgnore]
    public override string Kind => "route_to";
}
