namespace Trig.Crm.HubSpot.Api;

/// <summary>
/// One sort of a search. The spec types <c>sorts</c> as strings, but HubSpot sorts only when given objects
/// <c>{propertyName, direction}</c> (as its search guide shows; HubSpot/hubspot-api-python#236, hubspot-api-nodejs#14).
/// </summary>
internal sealed record SearchSort(string PropertyName, string Direction);
