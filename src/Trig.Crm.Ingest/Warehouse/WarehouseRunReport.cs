namespace Trig.Crm.Ingest.Warehouse;

/// <summary>What one run of a warehouse source did: rows read, entities written, and cells refused (type mismatches).</summary>
public sealed record WarehouseRunReport(string Source, int Rows, int Entities, int BadCells);
