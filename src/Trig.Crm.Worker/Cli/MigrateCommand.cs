using System.CommandLine;
using Microsoft.Extensions.Options;
using Trig.Crm.Engine.Options;

namespace Trig.Crm.Worker.Cli;

/// <summary>
/// <c>trig migrate</c>: applies the store's pending schema migrations and exits, for deployments that migrate in a
/// step of their own before starting the service (every command and <c>trig run</c> also migrate at start-up).
/// </summary>
internal static class MigrateCommand
{
    public static Command Create(string[] configArgs)
    {
        var migrate = new Command("migrate", "apply the store's schema migrations (Trig:Store:Provider, Trig:Store:ConnectionString) and exit");
        // Guard migrates the store before the command runs: reaching the command means the schema is current.
        migrate.SetAction(async (_, _) => await TrigCommandLine.Guard(configArgs, sp =>
        {
            var provider = sp.GetRequiredService<IOptions<TrigOptions>>().Value.Store.Provider.ToLowerInvariant();
            Console.Out.WriteLine($"store migrated: {provider} schema is up to date");
            return Task.FromResult(0);
        }));
        return migrate;
    }
}
