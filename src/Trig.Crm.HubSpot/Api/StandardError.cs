using System.Text.Json;

namespace Trig.Crm.HubSpot.Api;

/// <summary>
/// Spec schema <c>StandardError</c>, one failed input of a 207. Every field is treated as optional and
/// <c>context</c> values are kept raw (the spec says arrays of strings; code defensively).
/// </summary>
internal sealed record StandardError(
    string? Status,
    string? Category,
    string? Message,
    Dictionary<string, JsonElement>? Context,
    string? Id,
    List<ErrorDetail>? Errors);
