namespace Trig.Crm.Worker.Tests.Warehouse;

/// <summary>A fact that needs a PostgreSQL server installation: skipped with a clear reason when it is absent, except in CI (CI=true), where it must run.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresServer.FindBin() is null && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = "PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install -y postgresql to run the warehouse tests";
        }
    }
}
