namespace Trig.Crm.HubSpot.Api;

/// <summary>Spec schema <c>NextPage</c>.</summary>
internal sealed record NextPage(string After, string? Link);
