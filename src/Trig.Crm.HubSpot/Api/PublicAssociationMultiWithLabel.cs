namespace Trig.Crm.HubSpot.Api;

/// <summary>Spec schema <c>PublicAssociationMultiWithLabel</c>: one contact's associated companies.</summary>
internal sealed record PublicAssociationMultiWithLabel(SimplePublicObjectId From, List<MultiAssociatedObjectWithLabel>? To, ForwardPaging? Paging);
