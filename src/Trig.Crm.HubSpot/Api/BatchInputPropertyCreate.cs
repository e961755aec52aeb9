namespace Trig.Crm.HubSpot.Api;

/// <summary>Spec schema <c>BatchInputPropertyCreate</c>.</summary>
internal sealed record BatchInputPropertyCreate(IReadOnlyList<PropertyCreate> Inputs);
