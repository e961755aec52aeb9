namespace Trig.Crm.HubSpot.Api;

/// <summary>Spec schema <c>PublicObjectSearchRequest</c> (all fields required by the spec; <c>after</c> is an offset as text).</summary>
internal sealed record PublicObjectSearchRequest(
    IReadOnlyList<FilterGroup> FilterGroups,
    IReadOnlyList<SearchSort> Sorts,
    IReadOnlyList<string> Properties,
    int Limit,
    string After);
