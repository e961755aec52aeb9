namespace Trig.Crm.HubSpot.Api;

/// <summary>Spec schema <c>BatchInputSimplePublicObjectBatchInput</c> (at most 100 inputs).</summary>
internal sealed record BatchInputSimplePublicObjectBatchInput(IReadOnlyList<SimplePublicObjectBatchInput> Inputs);
