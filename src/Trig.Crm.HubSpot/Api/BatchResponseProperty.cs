namespace Trig.Crm.HubSpot.Api;

/// <summary>Spec schemas <c>BatchResponseProperty</c> (201) and <c>…WithErrors</c> (207).</summary>
internal sealed record BatchResponseProperty(string? Status, List<Property>? Results, int? NumErrors, List<StandardError>? Errors);
