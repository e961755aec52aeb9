using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.Dynamics.Sink;

/// <summary>Maps Trig's metadata types and Dataverse's <c>AttributeType</c> names to <see cref="ColumnType"/>.</summary>
internal static class ColumnTypes
{
    public static ColumnType Of(MetadataType type) => type switch
    {
        MetadataType.Bool => ColumnType.Bool,
        MetadataType.DateTime => ColumnType.DateTime,
        _ => ColumnType.Text,
    };

    /// <summary>An <c>AttributeTypeCode</c> name as the metadata API returns it (<c>Boolean</c>, <c>DateTime</c>, <c>Integer</c>, …).</summary>
    public static ColumnType Of(string? attributeType) => attributeType switch
    {
        "Boolean" => ColumnType.Bool,
        "DateTime" => ColumnType.DateTime,
        "Integer" or "BigInt" or "Decimal" or "Double" or "Money" => ColumnType.Number,
        _ => ColumnType.Text,
    };
}
