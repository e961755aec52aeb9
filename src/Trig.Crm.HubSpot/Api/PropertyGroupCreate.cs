namespace Trig.Crm.HubSpot.Api;

/// <summary>Spec schema <c>PropertyGroupCreate</c>.</summary>
internal sealed record PropertyGroupCreate(string Name, string Label, int DisplayOrder);
