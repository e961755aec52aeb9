namespace Trig.Crm.Ingest.Warehouse;

/// <summary>One warehouse query (<c>Trig:Warehouse:Sources:&lt;name&gt;</c>).</summary>
public sealed class WarehouseSourceOptions
{
    /// <summary>Npgsql connection string. Required; comes only from configuration (a secret), never logged.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The SELECT to run. Required.</summary>
    public string? Query { get; set; }

    /// <summary><c>organisation</c> (default) or <c>person</c>.</summary>
    public string Entity { get; set; } = "organisation";

    /// <summary>The column holding the entity id. Default <c>id</c>.</summary>
    public string IdColumn { get; set; } = "id";

    /// <summary>Quartz cron of the runs. Default every hour, on the hour.</summary>
    public string Cron { get; set; } = "0 0 * * * ?";

    /// <summary>Columns to read as attributes. Default: every column except the id.</summary>
    public List<string>? Columns { get; set; }

    /// <summary>Seconds before the query is cancelled. Default 300.</summary>
    public int CommandTimeoutSeconds { get; set; } = 300;
}
