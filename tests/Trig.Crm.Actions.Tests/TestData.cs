using Trig.Crm.Lifecycle.Actions;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Actions.Tests;

internal static class TestData
{
    public static readonly DateTimeOffset Start = new(2025, 3, 10, 9, 0, 0, TimeSpan.Zero);

    public static EntitySnapshot Organisation(
        string id = "org-1",
        string name = "Acme & Sons <Ltd>",
        string? ownerEmail = "owner@acme.test",
        string? recordUrl = "https://crm.example.com/companies/org-1",
        params (string Key, AttributeValue Value)[] attributes)
    {
        var attrs = new Dictionary<string, AttributeValue>(StringComparer.Ordinal) { ["name"] = AttributeValue.Of(name) };
        foreach (var (k, v) in attributes)
        {
            attrs[k] = v;
        }

        return new EntitySnapshot(EntityKind.Organisation, id, null, attrs) { OwnerEmail = ownerEmail, RecordUrl = recordUrl };
    }

    public static EntitySnapshot Person(
        string id,
        string? email,
        string? firstName = null,
        string organisationId = "org-1",
        string? ownerEmail = null,
        string? recordUrl = null,
        params (string Key, AttributeValue Value)[] attributes)
    {
        var attrs = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        if (email is not null)
        {
            attrs["email"] = AttributeValue.Of(email);
        }

        if (firstName is not null)
        {
            attrs["first_name"] = AttributeValue.Of(firstName);
        }

        foreach (var (k, v) in attributes)
        {
            attrs[k] = v;
        }

        return new EntitySnapshot(EntityKind.Person, id, organisationId, attrs) { OwnerEmail = ownerEmail, RecordUrl = recordUrl };
    }

    public static OutboxItem Item(
        ActionSpec action,
        EntitySnapshot entity,
        string? key = null,
        bool outcomeUnknown = false,
        int attempts = 0,
        DateTimeOffset? occurredAt = null) =>
        new(
            Id: 7,
            IdempotencyKey: key ?? $"first_strike_moment:{entity.Kind.ToString().ToLowerInvariant()}:{entity.Id}:42:0:0",
            Action: action,
            DefinitionKey: "first_strike_moment",
            DefinitionName: "First Strike Moment",
            DefinitionKind: DefinitionKind.Behaviour,
            Transition: "entered",
            TransitionId: 42,
            EntityKind: entity.Kind,
            EntityId: entity.Id,
            OccurredAt: occurredAt ?? Start,
            Attempts: attempts,
            OutcomeUnknown: outcomeUnknown);

    public static ActionContext Context(
        ActionSpec action,
        EntitySnapshot entity,
        EntitySnapshot? organisation = null,
        IReadOnlyList<EntitySnapshot>? people = null,
        string? key = null,
        bool outcomeUnknown = false,
        int attempts = 0) =>
        new(Item(action, entity, key, outcomeUnknown, attempts), entity, organisation, people ?? []);
}
