namespace Trig.Crm.HubSpot.Api;

/// <summary>Spec schema <c>PropertyGroup</c>.</summary>
internal sealed record PropertyGroup(string Name, string? Label, bool? Archived, int? DisplayOrder);
