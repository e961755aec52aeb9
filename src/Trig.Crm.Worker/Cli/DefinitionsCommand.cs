using System.CommandLine;
using System.Globalization;
using Trig.Crm.Engine.Authoring;
using Trig.Crm.Store;

namespace Trig.Crm.Worker.Cli;

/// <summary>
/// <c>trig definitions apply FILE [--dry-run] [--confirm]</c>, <c>trig definitions export DIR</c> and
/// <c>trig definitions history KEY</c>: the admin API's authoring from the command line, on the same store.
/// Changes are audited as <c>cli:{OS user}</c>.
/// </summary>
internal static class DefinitionsCommand
{
    /// <summary>Who the audit log records for a change made here.</summary>
    public static string Actor => "cli:" + Environment.UserName;

    public static Command Create(string[] configArgs, Option<bool> json)
    {
        var definitions = new Command("definitions", "authored definitions: apply a document, export them as files, show a definition's history");

        var apply = new Command("apply", "validate a definitions document as a whole and publish it (or only preview it with --dry-run)");
        var file = new Argument<FileInfo>("file") { Description = "a YAML document in the definitions-file format" };
        var dryRun = new Option<bool>("--dry-run") { Description = "preview against the current data; store nothing" };
        var confirm = new Option<bool>("--confirm") { Description = "publish criteria changes of definitions that have members" };
        apply.Arguments.Add(file);
        apply.Options.Add(dryRun);
        apply.Options.Add(confirm);
        apply.Options.Add(json);
        apply.SetAction(async (pr, ct) => await TrigCommandLine.Guard(configArgs, sp => ApplyAsync(sp, pr.GetValue(file)!, pr.GetValue(dryRun), pr.GetValue(confirm), pr.GetValue(json), ct), writes: !pr.GetValue(dryRun)));
        definitions.Subcommands.Add(apply);

        var export = new Command("export", "write every authored definition as a YAML file (one per entry) into DIR, e.g. to move them into git");
        var dir = new Argument<DirectoryInfo>("dir");
        export.Arguments.Add(dir);
        export.SetAction(async (pr, ct) => await TrigCommandLine.Guard(configArgs, sp => ExportAsync(sp, pr.GetValue(dir)!, ct)));
        definitions.Subcommands.Add(export);

        var history = new Command("history", "every version of an authored definition: who, when and the diff");
        var key = new Argument<string>("key");
        history.Arguments.Add(key);
        history.Options.Add(json);
        history.SetAction(async (pr, ct) => await TrigCommandLine.Guard(configArgs, sp => HistoryAsync(sp, pr.GetValue(key)!, pr.GetValue(json), ct)));
        definitions.Subcommands.Add(history);
        return definitions;
    }

    private static async Task<int> ApplyAsync(IServiceProvider sp, FileInfo file, bool dryRun, bool confirm, bool json, CancellationToken ct)
    {
        if (!file.Exists)
        {
            CliOutput.Error($"{file.FullName}: file not found");
            return 1;
        }

        var text = await File.ReadAllTextAsync(file.FullName, ct);
        var result = await sp.GetRequiredService<DefinitionAuthoring>().ApplyAsync(text, Actor, dryRun, confirm, ct);
        if (json)
        {
            CliOutput.WriteJson(result);
            return result.Status == AuthoringStatus.Ok ? 0 : 1;
        }

        foreach (var e in result.Errors)
        {
            var where = e.File == DefinitionAuthoring.DocumentFile ? file.ToString() : e.File;
            CliOutput.Error(string.Create(CultureInfo.InvariantCulture, $"{where}:{e.Line}:{e.Column}: {e.Message}"));
        }

        if (result.Status != AuthoringStatus.Ok)
        {
            CliOutput.Error(result.Message ?? result.Status.ToString());
            return 1;
        }

        Write(result, dryRun);
        return 0;
    }

    private static void Write(AuthoringResult result, bool dryRun)
    {
        var what = result.Changed.Count == 0 ? "no change" : string.Join(", ", result.Changed);
        Console.Out.WriteLine(dryRun
            ? $"dry run: would change {what} (authored set stays v{result.SetVersion})"
            : result.Published ? $"published set v{result.SetVersion}: {what}" : $"unchanged (set v{result.SetVersion})");
        if (result.ConfirmationRequired.Count > 0)
        {
            Console.Out.WriteLine($"criteria change on definitions with members (needs --confirm): {string.Join(", ", result.ConfirmationRequired)}");
        }

        if (result.Preview is not { } p)
        {
            return;
        }

        foreach (var d in p.Definitions)
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {d.Key}: would enter {d.Enter.Count}, complete {d.Complete.Count}, exit {d.Exit.Count}"));
            foreach (var e in d.Enter.First.Take(5))
            {
                Console.Out.WriteLine($"    + {e.Name} ({e.Id}): {e.Reason}");
            }
        }

        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  actions that would fire: {p.ActionCount}; CRM fields that would change: {p.CrmChangeCount}"));
        foreach (var a in p.Actions.Take(10))
        {
            Console.Out.WriteLine($"    {a.DefinitionKey} {a.Transition} {a.EntityId}: {a.Summary}");
        }
    }

    private static async Task<int> ExportAsync(IServiceProvider sp, DirectoryInfo dir, CancellationToken ct)
    {
        var authored = await sp.GetRequiredService<ITrigStore>().LoadAuthoredAsync(ct);
        dir.Create();
        foreach (var e in authored.Entries)
        {
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, ExportName(e.Key)), e.Text, ct);
        }

        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {authored.Entries.Count} authored definition file(s) of set v{authored.Version} to {dir.FullName}"));
        return 0;
    }

    /// <summary>A file name for an entry key (schema keys hold dots; every other character a key may hold is safe in a file name).</summary>
    internal static string ExportName(string key) =>
        string.Concat(key.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '_')) + ".yaml";

    private static async Task<int> HistoryAsync(IServiceProvider sp, string key, bool json, CancellationToken ct)
    {
        var history = await sp.GetRequiredService<ITrigStore>().HistoryAsync(key, ct);
        if (history.Count == 0)
        {
            CliOutput.Error($"no authored definition '{key}' (definitions managed in files have their history in the repository)");
            return 1;
        }

        if (json)
        {
            CliOutput.WriteJson(history);
            return 0;
        }

        foreach (var v in history)
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"set v{v.SetVersion}  {v.At:yyyy-MM-dd HH:mm:ss}Z  {v.Actor}  {v.Action}{(v.Text is null ? "  (retired)" : "")}"));
            Console.Out.Write(v.Diff);
        }

        return 0;
    }
}
