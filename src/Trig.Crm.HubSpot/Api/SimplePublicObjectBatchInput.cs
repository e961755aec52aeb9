namespace Trig.Crm.HubSpot.Api;

/// <summary>Spec schema <c>SimplePublicObjectBatchInput</c>: one record of a batch update.</summary>
internal sealed record SimplePublicObjectBatchInput(string Id, IReadOnlyDictionary<string, string> Properties, string? ObjectWriteTraceId);
