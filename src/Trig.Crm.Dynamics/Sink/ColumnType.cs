namespace Trig.Crm.Dynamics.Sink;

/// <summary>How a value is written to a Dataverse column: the JSON type the column's attribute type expects.</summary>
internal enum ColumnType
{
    Text,
    Bool,
    DateTime,
    Number,
}
