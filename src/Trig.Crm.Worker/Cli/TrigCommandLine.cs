using System.CommandLine;
using Microsoft.Extensions.Options;
using Trig.Crm.Engine.Cycle;
using Trig.Crm.Store;
using Trig.Crm.Worker.Hosting;

namespace Trig.Crm.Worker.Cli;

/// <summary>The <c>trig</c> commands of OPERATIONS.md.</summary>
internal static class TrigCommandLine
{
    public static async Task<int> InvokeAsync(string[] args)
    {
        var (configArgs, commandArgs) = SplitConfigArgs(args);
        var root = Build(configArgs);
        return await root.Parse(commandArgs).InvokeAsync();
    }

    /// <summary>Configuration overrides (<c>--Trig:Crm:Provider=hubspot</c>) go to .NET configuration, the rest to the parser.</summary>
    public static (string[] Config, string[] Command) SplitConfigArgs(string[] args)
    {
        var config = new List<string>();
        var command = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            var name = a.StartsWith("--", StringComparison.Ordinal) ? a[2..].Split('=')[0] : "";
            if (name.Contains(':', StringComparison.Ordinal) || name.Contains("__", StringComparison.Ordinal))
            {
                config.Add(a);
                if (!a.Contains('=', StringComparison.Ordinal) && i + 1 < args.Length)
                {
                    config.Add(args[++i]);
                }
            }
            else
            {
                command.Add(a);
            }
        }

        return ([.. config], [.. command]);
    }

    private static RootCommand Build(string[] configArgs)
    {
        var root = new RootCommand("Trig.Crm: the customer-lifecycle engine that lives beside your CRM.");
        var json = new Option<bool>("--json") { Description = "print the result as JSON on stdout" };
        var asOf = new Option<DateTimeOffset?>("--as-of") { Description = "evaluate as if the clock read this ISO 8601 time (replay/backfill)" };
        var force = new Option<bool>("--force") { Description = "accept an --as-of more than 1 day ahead of the clock" };

        var run = new Command("run", "long-running host: schedules (pull, evaluate, push, dispatch) and the HTTP API");
        run.SetAction(async (_, ct) => await RunAsync(configArgs, ct));
        root.Subcommands.Add(run);

        var sync = new Command("sync", "one full cycle: pull → evaluate → provision/push metadata → dispatch due actions");
        var once = new Option<bool>("--once") { Description = "run one cycle and exit (the only mode)" };
        sync.Options.Add(once);
        sync.Options.Add(json);
        sync.Options.Add(asOf);
        sync.Options.Add(force);
        sync.SetAction(async (pr, ct) => await Guard(configArgs, sp => SyncCommand.RunAsync(sp, pr.GetValue(json), pr.GetValue(asOf), pr.GetValue(force), ct), writes: true));
        root.Subcommands.Add(sync);

        var validate = new Command("validate", "check definitions: prints file:line:col: message for each problem");
        var definitions = new Option<string?>("--definitions") { Description = "definitions folder (default Trig:Definitions:Path)" };
        validate.Options.Add(definitions);
        validate.SetAction(async (pr, ct) => await Guard(configArgs, sp => Task.FromResult(ValidateCommand.Run(sp, pr.GetValue(definitions))), migrate: false));
        root.Subcommands.Add(validate);

        var preview = new Command("preview", "dry run: who would enter/complete/exit, which actions, which CRM fields. Changes nothing");
        var key = new Argument<string>("key") { Description = "definition key" };
        preview.Arguments.Add(key);
        preview.Options.Add(json);
        preview.Options.Add(asOf);
        preview.Options.Add(force);
        preview.SetAction(async (pr, ct) => await Guard(configArgs, sp => PreviewCommand.RunAsync(sp, pr.GetValue(key)!, pr.GetValue(json), pr.GetValue(asOf), pr.GetValue(force), ct)));
        root.Subcommands.Add(preview);

        var explain = new Command("explain", "why an entity is (not) in each definition, criterion by criterion");
        var entity = new Argument<string>("entity-id");
        var explainKey = new Argument<string?>("key") { Arity = ArgumentArity.ZeroOrOne };
        explain.Arguments.Add(entity);
        explain.Arguments.Add(explainKey);
        explain.Options.Add(json);
        explain.SetAction(async (pr, ct) => await Guard(configArgs, sp => ExplainCommand.RunAsync(sp, pr.GetValue(entity)!, pr.GetValue(explainKey), pr.GetValue(json), ct)));
        root.Subcommands.Add(explain);

        var demo = new Command("demo", "fill the store with a deterministic demo data set and run the lifecycle over its 30 days");
        var orgs = new Option<int>("--organisations") { Description = "number of organisations (default 500; people = 6×)", DefaultValueFactory = _ => 500 };
        demo.Options.Add(orgs);
        demo.SetAction(async (pr, ct) => await Guard(configArgs, sp => DemoCommand.RunAsync(sp, pr.GetValue(orgs), ct), writes: true));
        root.Subcommands.Add(demo);

        var import = new Command("import", "import CSV: --organisations F, --people F or --events F (all or nothing, or --skip-bad)");
        var orgFile = new Option<FileInfo?>("--organisations") { Description = "id,<attribute>,…" };
        var peopleFile = new Option<FileInfo?>("--people") { Description = "id,organisation_id,<attribute>,…" };
        var eventsFile = new Option<FileInfo?>("--events") { Description = "entity,id,event,timestamp[,<property>…]" };
        var skipBad = new Option<bool>("--skip-bad") { Description = "import the good lines and report the bad ones" };
        import.Options.Add(orgFile);
        import.Options.Add(peopleFile);
        import.Options.Add(eventsFile);
        import.Options.Add(skipBad);
        import.SetAction(async (pr, ct) => await Guard(configArgs, sp => ImportCommand.RunAsync(sp, pr.GetValue(orgFile), pr.GetValue(peopleFile), pr.GetValue(eventsFile), pr.GetValue(skipBad), ct), writes: true));
        root.Subcommands.Add(import);

        root.Subcommands.Add(ActionsCli(configArgs, json));
        root.Subcommands.Add(ClusterCommand.Create(configArgs, json));
        root.Subcommands.Add(DefinitionsCommand.Create(configArgs, json));
        root.Subcommands.Add(InsightsCommand.Create(configArgs));
        root.Subcommands.Add(MembersCommand.Create(configArgs));
        root.Subcommands.Add(MigrateCommand.Create(configArgs));
        root.Subcommands.Add(StoreCommand.Create(configArgs));

        // trig health: needs neither the host nor the store (container health checks).
        root.Subcommands.Add(HealthCommand.Create(configArgs));

        return root;
    }

    private static Command ActionsCli(string[] configArgs, Option<bool> json)
    {
        var actions = new Command("actions", "outbox totals per status and a page of actions (newest first); retry dead letters");
        var status = new Option<string?>("--status") { Description = "only this status: pending, waiting, retry, sent or dead (also skipped, in_flight, done)" };
        status.AcceptOnlyFromAmong(ActionsCommand.Statuses);
        var definition = new Option<string?>("--definition") { Description = "only the actions of this definition key" };
        var limit = new Option<int>("--limit") { Description = "rows to show (default 50)", DefaultValueFactory = _ => 50 };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--limit must be at least 1");
            }
        });
        var failed = new Option<bool>("--failed") { Description = "only dead-lettered actions (= --status dead)" };
        var retry = new Option<long?>("--retry") { Description = "put a failed action back in the queue" };
        var retryAll = new Option<bool>("--retry-all") { Description = "put every failed action matching --definition back in the queue" };
        foreach (var o in new Option[] { status, definition, limit, failed, retry, retryAll, json })
        {
            actions.Options.Add(o);
        }

        actions.SetAction(async (pr, ct) =>
        {
            var s = pr.GetValue(status) is { } text ? OutboxStatusText.Parse(text) : pr.GetValue(failed) ? OutboxStatus.Dead : (OutboxStatus?)null;
            var request = new ActionsCommand.Request(s, pr.GetValue(definition), pr.GetValue(limit), pr.GetValue(retry), pr.GetValue(retryAll), pr.GetValue(json));
            return await Guard(configArgs, sp => ActionsCommand.RunAsync(sp, request, ct));
        });
        return actions;
    }

    private static async Task<int> RunAsync(string[] configArgs, CancellationToken ct)
    {
        try
        {
            await using var app = TrigHost.BuildWeb(configArgs);
            // Validated before the host starts, so a missing key is one line and not the host's failure log first.
            app.Services.GetService<IStartupValidator>()?.Validate();
            var store = app.Services.GetRequiredService<ITrigStore>();
            if (store.IsReadOnly)
            {
                CliOutput.Error(ReadOnlyStore("trig run"));
                return 2;
            }

            // Likewise the store: an unusable connection string or an unreachable server is one line, not the host's log.
            await store.MigrateAsync(ct);
            await app.RunAsync(ct);
            return 0;
        }
        catch (Exception ex) when (OneLine(ex) is { } line)
        {
            CliOutput.Error(line);
            return 2;
        }
    }

    /// <summary>Builds the CLI host, migrates the store, runs the command; known failures become one clear line.</summary>
    internal static async Task<int> Guard(string[] configArgs, Func<IServiceProvider, Task<int>> command, bool migrate = true, bool writes = false)
    {
        try
        {
            using var host = TrigHost.BuildCli(configArgs);
            var sp = host.Services;
            sp.GetService<IStartupValidator>()?.Validate();
            using var export = Telemetry.OneShotExport.Start(sp);
            if (writes && sp.GetRequiredService<ITrigStore>().IsReadOnly)
            {
                CliOutput.Error(ReadOnlyStore("this command"));
                return 1;
            }
            if (migrate)
            {
                await sp.GetRequiredService<ITrigStore>().MigrateAsync(CancellationToken.None);
            }

            return await command(sp);
        }
        catch (Exception ex) when (OneLine(ex) is { } line)
        {
            CliOutput.Error(line);
            return 1;
        }
    }

    private static string ReadOnlyStore(string what) =>
        $"the store is read-only (Trig:Store:ConnectionString): {what} writes to it. Give it write access, or use a command that only reads: explain, preview, validate, actions (listing), cluster status, health";

    /// <summary>The option's own message, without the DataAnnotations wrapper ("… members: 'X' with the error: '…'").</summary>
    private static string ValidationMessage(string failure)
    {
        const string marker = "with the error: '";
        var at = failure.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? failure : failure[(at + marker.Length)..].TrimEnd('.').TrimEnd('\'');
    }

    private static string? OneLine(Exception ex) => ex switch
    {
        OptionsValidationException o => string.Join("; ", o.Failures.Select(ValidationMessage)),
        StartupException or CycleRefusedException or InvalidOperationException or StoreReadOnlyException => ex.Message,
        Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 8 } => ReadOnlyStore("this command"),
        Microsoft.Data.Sqlite.SqliteException s => "store: " + s.Message,
        Npgsql.NpgsqlException n => "store: " + n.Message,
        HttpRequestException h => "CRM unreachable: " + h.Message,
        _ when ex.InnerException is { } inner => OneLine(inner),
        _ => null,
    };
}
