namespace Trig.Crm.HubSpot.Api;

/// <summary>Spec schema <c>OptionInput</c>.</summary>
internal sealed record OptionInput(string Label, string Value, bool Hidden, int DisplayOrder);
