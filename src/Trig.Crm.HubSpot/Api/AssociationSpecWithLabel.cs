namespace Trig.Crm.HubSpot.Api;

/// <summary>Spec schema <c>AssociationSpecWithLabel</c>: <c>category</c> HUBSPOT_DEFINED|USER_DEFINED|…, <c>typeId</c> 1 = primary company of a contact.</summary>
internal sealed record AssociationSpecWithLabel(string? Category, int TypeId, string? Label);
