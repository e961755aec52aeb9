namespace Trig.Crm.HubSpot.Api;

/// <summary>Spec schemas <c>BatchResponsePublicAssociationMultiWithLabel</c> (200) and <c>…WithErrors</c> (207).</summary>
internal sealed record BatchResponsePublicAssociationMultiWithLabel(string? Status, List<PublicAssociationMultiWithLabel>? Results, List<StandardError>? Errors);
