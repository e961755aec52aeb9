namespace Trig.Crm.HubSpot.Api;

/// <summary>Spec schema <c>Filter</c>: <c>Operator</c> is one of the spec's enum (EQ, GT, GTE, …).</summary>
internal sealed record Filter(string PropertyName, string Operator, string? Value);
