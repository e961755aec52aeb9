using Npgsql;
using Trig.Crm.Store.Postgres;

namespace Trig.Crm.Worker.Hosting;

/// <summary>The PostgreSQL store from <c>Trig:Store:ConnectionString</c>; a string Npgsql cannot read is one clear line.</summary>
internal static class PostgresStoreFactory
{
    public static PostgresStore Create(string connectionString, TimeProvider time, string setting = "Trig:Store:ConnectionString")
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            // The message names the keyword, never the value: the string may hold a password.
            throw new StartupException($"{setting} is not a PostgreSQL connection string ({e.Message}); expected e.g. Host=db;Database=trig;Username=trig;Password=…");
        }

        return new PostgresStore(connectionString, time);
    }
}
