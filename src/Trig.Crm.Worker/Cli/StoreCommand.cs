using System.CommandLine;
using Microsoft.Extensions.Options;
using Trig.Crm.Engine.Options;
using Trig.Crm.Store.Postgres;

namespace Trig.Crm.Worker.Cli;

/// <summary>
/// <c>trig store copy --to "&lt;connection string&gt;"</c>: copies the configured SQLite store into an empty PostgreSQL
/// database, printing per table the rows and checksum of source and target. Exits 0 when every table matches
/// (the copy is committed), 1 otherwise (nothing is written).
/// </summary>
internal static class StoreCommand
{
    public static Command Create(string[] configArgs)
    {
        var store = new Command("store", "store maintenance");
        var copy = new Command("copy", "copy the SQLite store (Trig:Store:ConnectionString) into an empty PostgreSQL database, comparing counts and checksums per table");
        var to = new Option<string>("--to") { Description = "the PostgreSQL connection string, e.g. \"Host=db;Database=trig;Username=trig;Password=…\"", Required = true };
        copy.Options.Add(to);
        copy.SetAction(async (pr, ct) => await TrigCommandLine.Guard(configArgs, sp => CopyAsync(sp, pr.GetValue(to)!, ct)));
        store.Subcommands.Add(copy);
        return store;
    }

    private static async Task<int> CopyAsync(IServiceProvider sp, string target, CancellationToken ct)
    {
        var source = sp.GetRequiredService<IOptions<TrigOptions>>().Value.Store;
        if (!source.Provider.Equals("sqlite", StringComparison.OrdinalIgnoreCase))
        {
            CliOutput.Error($"trig store copy reads a SQLite store, but Trig:Store:Provider is '{source.Provider}'");
            return 1;
        }

        Hosting.PostgresStoreFactory.Create(target, TimeProvider.System, "--to").Dispose(); // a malformed --to is one line, before anything starts
        var reports = await CliOutput.WithProgressAsync("copying the store to PostgreSQL", progress =>
            SqliteToPostgresCopy.CopyAsync(source.ConnectionString, target, progress, ct));
        Console.Out.WriteLine($"{"table",-18} {"source rows",12} {"source checksum",-17} {"target rows",12} {"target checksum",-17} ok");
        foreach (var r in reports)
        {
            Console.Out.WriteLine($"{r.Table,-18} {r.SourceRows,12} {r.SourceChecksum,-17} {r.TargetRows,12} {r.TargetChecksum,-17} {(r.Matches ? "yes" : "NO")}");
        }

        if (reports.All(r => r.Matches))
        {
            Console.Out.WriteLine($"copied {reports.Sum(r => r.SourceRows)} rows in {reports.Count} tables: every count and checksum matches");
            return 0;
        }

        CliOutput.Error("the copy does not match its source (tables marked NO); nothing was committed to the target");
        return 1;
    }
}
