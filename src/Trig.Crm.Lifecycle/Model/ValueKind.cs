namespace Trig.Crm.Lifecycle.Model;

/// <summary>The type of an attribute value.</summary>
public enum ValueKind
{
    None,
    String,
    Number,
    Bool,
    DateTime,
    List,
}
