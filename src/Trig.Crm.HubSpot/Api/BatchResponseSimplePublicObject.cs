namespace Trig.Crm.HubSpot.Api;

/// <summary>Spec schemas <c>BatchResponseSimplePublicObject</c> (200) and <c>…WithErrors</c> (207).</summary>
internal sealed record BatchResponseSimplePublicObject(string? Status, List<SimplePublicObject>? Results, int? NumErrors, List<StandardError>? Errors);
