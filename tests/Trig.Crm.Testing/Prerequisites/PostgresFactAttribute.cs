namespace Trig.Crm.Testing.Prerequisites;

/// <summary>A fact that starts its own PostgreSQL server: Skipped where the server binaries are missing, except in CI, where it runs and fails.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class PostgresFactAttribute : FactAttribute
{
    public const string Missing = "PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install -y postgresql to run the warehouse tests";

    public PostgresFactAttribute()
    {
        if (Prerequisite.SkipReason(PostgresServer.FindBin() is not null, Missing) is { } reason)
        {
            Skip = reason;
        }
    }
}
