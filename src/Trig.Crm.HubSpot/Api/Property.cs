namespace Trig.Crm.HubSpot.Api;

/// <summary>Spec schema <c>Property</c> (the fields Trig reads).</summary>
internal sealed record Property(string Name, string? Label, string? Type, string? FieldType, string? GroupName, bool? Archived);
