using Microsoft.Data.Sqlite;

namespace Trig.Crm.Worker.Tests.Support;

/// <summary>A temp folder with a SQLite store file in it; deleted on dispose.</summary>
internal sealed class TempStore : IDisposable
{
    public TempStore(string name = "trig")
    {
        Directory = System.IO.Directory.CreateTempSubdirectory($"trig-{name}-").FullName;
        DbPath = Path.Combine(Directory, "trig.db");
    }

    public string Directory { get; }

    public string DbPath { get; }

    public string ConnectionString => $"Data Source={DbPath}";

    /// <summary>The config override that points the worker at this store.</summary>
    public string Arg => $"--Trig:Store:ConnectionString={ConnectionString}";

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A process still closing its handle; the temp folder is left for the OS.
        }
    }
}
