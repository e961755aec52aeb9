using Microsoft.Extensions.Options;
using Trig.Crm.Engine.Demo;
using Trig.Crm.Engine.Options;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Worker.Cli;

/// <summary><c>trig demo</c>: the demo data set, 30 replayed days, a summary and what to open.</summary>
internal static class DemoCommand
{
    public static async Task<int> RunAsync(IServiceProvider sp, int organisations, CancellationToken ct)
    {
        var demo = sp.GetRequiredService<DemoRunner>();
        var r = await CliOutput.WithProgressAsync("Running the demo", p => demo.RunAsync(organisations, p, ct));
        var o = Console.Out;
        var people = r.Timeline.Records.Count(x => x.Kind == EntityKind.Person);
        o.WriteLine($"Demo: {r.Timeline.Records.Count - people} organisations, {people} people, {r.Timeline.Events.Count} product events over {DemoDataGenerator.Days} days ({r.Timeline.Start:yyyy-MM-dd} to {r.Timeline.End:yyyy-MM-dd})");
        o.WriteLine($"Transitions per definition (entered / completed / exited / follow-ups), {r.Transitions.Values.Sum(v => v.Values.Sum())} in all:");
        foreach (var (key, kinds) in r.Transitions)
        {
            o.WriteLine($"  {key,-36} {kinds.GetValueOrDefault("entered"),5} {kinds.GetValueOrDefault("completed"),5} {kinds.GetValueOrDefault("exited"),5} {kinds.GetValueOrDefault("follow_up"),5}");
        }

        o.WriteLine($"Metadata written to the local CRM: {r.PropertiesWritten} values");
        o.WriteLine($"Actions queued: {r.ActionsQueued} ({string.Join(", ", r.Outbox.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => $"{x.Key} {x.Value}"))}); Slack/webhook/email wait in the outbox until their settings are configured");
        var store = sp.GetRequiredService<IOptions<TrigOptions>>().Value;
        var example = r.Timeline.Records.First(x => x.Kind == EntityKind.Organisation).Id;
        o.WriteLine();
        o.WriteLine("What to open:");
        o.WriteLine($"  trig explain {example}                 why {example} is (not) in each definition");
        o.WriteLine("  trig preview first_strike_moment      who would move now");
        o.WriteLine($"  trig run, then {store.Http.Urls}/cards/preview/{example}   the card a sales rep sees");
        return 0;
    }
}
