namespace Trig.Crm.HubSpot.Api;

/// <summary>
/// Spec schema <c>Error</c>, plus the fields of a 429 body (<c>errorType: RATE_LIMIT</c>, <c>policyName</c>).
/// Every field is optional.
/// </summary>
internal sealed record HubSpotErrorResponse(
    string? Status,
    string? Message,
    string? CorrelationId,
    string? Category,
    string? ErrorType,
    string? PolicyName,
    List<ErrorDetail>? Errors);
