using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Dynamics;

/// <summary>The configured type of a pulled column: a value kind, or the formatted label of a choice.</summary>
internal readonly record struct ColumnKind(ValueKind Kind, bool Label)
{
    public static bool TryParse(string text, out ColumnKind kind)
    {
        kind = text.Trim().ToLowerInvariant() switch
        {
            "string" or "text" => new(ValueKind.String, false),
            "number" or "decimal" or "money" or "integer" => new(ValueKind.Number, false),
            "bool" or "boolean" => new(ValueKind.Bool, false),
            "datetime" or "date" => new(ValueKind.DateTime, false),
            "list" => new(ValueKind.List, false),
            "label" or "choice" => new(ValueKind.String, true),
            _ => new(ValueKind.None, false),
        };
        return kind.Kind != ValueKind.None;
    }
}
