namespace Trig.Crm.HubSpot.Api;

/// <summary>Spec schemas <c>SimplePublicObjectId</c> / <c>PublicObjectId</c>.</summary>
internal sealed record SimplePublicObjectId([property: System.Text.Json.Serialization.JsonConverter(typeof(FlexibleStringConverter))] string Id);
