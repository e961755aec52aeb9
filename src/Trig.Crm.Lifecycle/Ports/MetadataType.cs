namespace Trig.Crm.Lifecycle.Ports;

/// <summary>The CRM type of a provisioned metadata property.</summary>
public enum MetadataType
{
    Bool,
    DateTime,
    String,

    /// <summary>Long text (the card summary JSON).</summary>
    Memo,
}
