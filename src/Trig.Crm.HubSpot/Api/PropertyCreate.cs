namespace Trig.Crm.HubSpot.Api;

/// <summary>Spec schema <c>PropertyCreate</c>: <c>type</c> bool|date|datetime|enumeration|number|string, <c>fieldType</c> booleancheckbox|date|text|textarea|….</summary>
internal sealed record PropertyCreate(
    string Name,
    string Label,
    string Type,
    string FieldType,
    string GroupName,
    string? Description,
    IReadOnlyList<OptionInput>? Options);
