namespace Trig.Crm.HubSpot.Api;

/// <summary>Spec schema <c>FilterGroup</c>: filters are ANDed.</summary>
internal sealed record FilterGroup(IReadOnlyList<Filter> Filters);
