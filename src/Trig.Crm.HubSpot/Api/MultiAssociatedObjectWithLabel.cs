using System.Text.Json.Serialization;

namespace Trig.Crm.HubSpot.Api;

/// <summary>Spec schema <c>MultiAssociatedObjectWithLabel</c> (HubSpot sends <c>toObjectId</c> as a number, the spec as a string).</summary>
internal sealed record MultiAssociatedObjectWithLabel(
    [property: JsonConverter(typeof(FlexibleStringConverter))] string ToObjectId,
    List<AssociationSpecWithLabel>? AssociationTypes);
