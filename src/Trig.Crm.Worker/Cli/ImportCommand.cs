using Spectre.Console;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Ingest.Csv;
using Trig.Crm.Ingest.Identity;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Store;

namespace Trig.Crm.Worker.Cli;

/// <summary><c>trig import</c>: CSV with a progress bar, line-numbered errors, all or nothing (or --skip-bad).</summary>
internal static class ImportCommand
{
    public static async Task<int> RunAsync(IServiceProvider sp, FileInfo? organisations, FileInfo? people, FileInfo? events, bool skipBad, CancellationToken ct)
    {
        var jobs = Jobs(organisations, people, events);
        if (jobs.Count == 0)
        {
            CliOutput.Error("give --organisations FILE, --people FILE or --events FILE");
            return 1;
        }

        var schema = sp.GetRequiredService<DefinitionCatalog>().Reload()?.Schema ?? AttributeSchema.Empty;
        var importer = sp.GetRequiredService<CsvImporter>();
        if (jobs.FirstOrDefault(j => !j.File.Exists) is { File: { } missing })
        {
            CliOutput.Error($"{missing.FullName}: file not found");
            return 1;
        }

        // One import across all the files: all or nothing (or --skip-bad), and one transaction, so a crash leaves nothing.
        var reports = await ImportWithProgressAsync(importer, [.. jobs.Select(j => new ImportFile(j.Kind, j.File.FullName))], schema, skipBad, ct);
        var failed = false;
        for (var i = 0; i < jobs.Count; i++)
        {
            failed |= !Print(jobs[i].File, reports[i]);
        }

        // Ingest messages kept for ids that were unknown until now are linked to the imported records.
        var identity = sp.GetRequiredService<IngestIdentityProvider>().Identity;
        var linked = await sp.GetRequiredService<ITrigStore>().ResolvePendingAsync(identity, ct);
        if (linked > 0)
        {
            Console.Out.WriteLine($"linked {linked} pending ingest message(s) to imported records");
        }

        return failed ? 1 : 0;
    }

    private static List<(ImportKind Kind, FileInfo File)> Jobs(FileInfo? organisations, FileInfo? people, FileInfo? events)
    {
        var jobs = new List<(ImportKind Kind, FileInfo File)>();
        if (organisations is not null)
        {
            jobs.Add((ImportKind.Organisations, organisations));
        }

        if (people is not null)
        {
            jobs.Add((ImportKind.People, people));
        }

        if (events is not null)
        {
            jobs.Add((ImportKind.Events, events));
        }

        return jobs;
    }

    /// <summary>A Spectre progress bar on a terminal; plain lines at each quarter otherwise.</summary>
    private static async Task<IReadOnlyList<ImportReport>> ImportWithProgressAsync(CsvImporter importer, IReadOnlyList<ImportFile> files, AttributeSchema schema, bool skipBad, CancellationToken ct)
    {
        var what = $"Importing {string.Join(", ", files.Select(f => $"{f.Kind.ToString().ToLowerInvariant()} from {Path.GetFileName(f.Path)}"))}";
        if (CliOutput.Interactive)
        {
            IReadOnlyList<ImportReport> reports = null!;
            await AnsiConsole.Progress().StartAsync(async ctx =>
            {
                var task = ctx.AddTask(what, maxValue: 1.0);
                reports = await importer.ImportAsync(files, schema, skipBad, new Progress<double>(v => task.Value = v), ct);
                task.Value = 1.0;
            });
            return reports;
        }

        Console.Error.WriteLine(what);
        var lastShown = -1;
        return await importer.ImportAsync(files, schema, skipBad, new Progress<double>(v =>
        {
            var pct = (int)(v * 100) / 25 * 25;
            if (pct != lastShown)
            {
                lastShown = pct;
                Console.Error.WriteLine($"  {pct}%");
            }
        }), ct);
    }

    /// <summary>Prints the line errors (at most 200) and the outcome; false when the file was refused.</summary>
    private static bool Print(FileInfo file, ImportReport report)
    {
        foreach (var e in report.Errors.Take(200))
        {
            Console.Error.WriteLine(e);
        }

        if (report.Errors.Count > 200)
        {
            Console.Error.WriteLine($"… and {report.Errors.Count - 200} more errors");
        }

        if (!report.Applied && report.Errors.Count == 0)
        {
            Console.Error.WriteLine($"{file.Name}: nothing imported (another file of this import was refused; all the files are imported together or not at all)");
            return false;
        }

        if (!report.Applied)
        {
            Console.Error.WriteLine($"{file.Name}: {report.Skipped} bad line(s) of {report.Rows}; nothing imported (use --skip-bad to import the good lines)");
            return false;
        }

        Console.Out.WriteLine($"{file.Name}: imported {report.Imported} of {report.Rows} rows{(report.Skipped > 0 ? $", skipped {report.Skipped} bad line(s)" : "")}");
        return true;
    }
}
