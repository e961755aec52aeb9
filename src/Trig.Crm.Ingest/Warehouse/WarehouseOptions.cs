namespace Trig.Crm.Ingest.Warehouse;

/// <summary>Warehouse sources, bound from <c>Trig:Warehouse</c>: SQL queries on PostgreSQL whose rows become attributes.</summary>
public sealed class WarehouseOptions
{
    public const string Section = "Trig:Warehouse";

    /// <summary>Sources by name (<c>Trig:Warehouse:Sources:&lt;name&gt;:…</c>). None by default.</summary>
    public Dictionary<string, WarehouseSourceOptions> Sources { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
