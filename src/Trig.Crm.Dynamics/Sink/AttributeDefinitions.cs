using System.Text.Json.Nodes;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.Dynamics.Sink;

/// <summary>Bodies of <c>POST EntityDefinitions(LogicalName='…')/Attributes</c> for each metadata type.</summary>
internal static class AttributeDefinitions
{
    /// <summary>Long enough for <c>current_stage</c> keys.</summary>
    public const int StringMaxLength = 200;

    /// <summary>The Dataverse maximum for a memo column, for the card summary JSON.</summary>
    public const int MemoMaxLength = 1048576;

    public static JsonObject Build(MetadataProperty property, string schemaName)
    {
        var body = new JsonObject
        {
            ["SchemaName"] = schemaName,
            ["DisplayName"] = Label(property.Label),
            ["Description"] = Label($"Trig metadata: {property.Name}"),
            ["RequiredLevel"] = new JsonObject { ["Value"] = "None", ["CanBeChanged"] = true },
        };

        switch (property.Type)
        {
            case MetadataType.Bool:
                body["@odata.type"] = "Microsoft.Dynamics.CRM.BooleanAttributeMetadata";
                body["AttributeType"] = "Boolean";
                body["AttributeTypeName"] = new JsonObject { ["Value"] = "BooleanType" };
                body["DefaultValue"] = false;
                body["OptionSet"] = new JsonObject
                {
                    ["@odata.type"] = "Microsoft.Dynamics.CRM.BooleanOptionSetMetadata",
                    ["OptionSetType"] = "Boolean",
                    ["TrueOption"] = new JsonObject { ["Value"] = 1, ["Label"] = Label("Yes") },
                    ["FalseOption"] = new JsonObject { ["Value"] = 0, ["Label"] = Label("No") },
                };
                break;
            case MetadataType.DateTime:
                body["@odata.type"] = "Microsoft.Dynamics.CRM.DateTimeAttributeMetadata";
                body["AttributeType"] = "DateTime";
                body["AttributeTypeName"] = new JsonObject { ["Value"] = "DateTimeType" };
                body["Format"] = "DateAndTime";
                body["DateTimeBehavior"] = new JsonObject { ["Value"] = "UserLocal" };
                break;
            case MetadataType.String:
                body["@odata.type"] = "Microsoft.Dynamics.CRM.StringAttributeMetadata";
                body["AttributeType"] = "String";
                body["AttributeTypeName"] = new JsonObject { ["Value"] = "StringType" };
                body["MaxLength"] = StringMaxLength;
                body["FormatName"] = new JsonObject { ["Value"] = "Text" };
                break;
            case MetadataType.Memo:
                body["@odata.type"] = "Microsoft.Dynamics.CRM.MemoAttributeMetadata";
                body["AttributeType"] = "Memo";
                body["AttributeTypeName"] = new JsonObject { ["Value"] = "MemoType" };
                body["MaxLength"] = MemoMaxLength;
                body["Format"] = "TextArea";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(property), property.Type, "Unknown metadata type.");
        }

        return body;
    }

    public static JsonObject PublishXml(IEnumerable<string> entities) => new()
    {
        ["ParameterXml"] = "<importexportxml><entities>"
            + string.Concat(entities.Select(e => $"<entity>{e}</entity>"))
            + "</entities></importexportxml>",
    };

    private static JsonObject Label(string text) => new()
    {
        ["@odata.type"] = "Microsoft.Dynamics.CRM.Label",
        ["LocalizedLabels"] = new JsonArray(new JsonObject
        {
            ["@odata.type"] = "Microsoft.Dynamics.CRM.LocalizedLabel",
            ["Label"] = text,
            ["LanguageCode"] = 1033,
        }),
    };
}
