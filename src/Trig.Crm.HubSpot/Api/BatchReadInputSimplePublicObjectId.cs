namespace Trig.Crm.HubSpot.Api;

/// <summary>Spec schema <c>BatchReadInputSimplePublicObjectId</c> (the spec requires <c>propertiesWithHistory</c>, possibly empty).</summary>
internal sealed record BatchReadInputSimplePublicObjectId(
    IReadOnlyList<SimplePublicObjectId> Inputs,
    IReadOnlyList<string> Properties,
    IReadOnlyList<string> PropertiesWithHistory);
