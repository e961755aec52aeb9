using System.Text.Json;

namespace Trig.Crm.HubSpot.Api;

/// <summary>Spec schema <c>ErrorDetail</c>.</summary>
internal sealed record ErrorDetail(string? Message, string? Code, string? In, string? SubCategory, Dictionary<string, JsonElement>? Context);
