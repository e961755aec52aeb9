using Trig.Crm.Engine.Cycle;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Lifecycle.Metadata;

namespace Trig.Crm.Worker.Cli;

/// <summary><c>trig preview &lt;key&gt;</c>: a dry run of one definition. Writes nothing anywhere.</summary>
internal static class PreviewCommand
{
    public static async Task<int> RunAsync(IServiceProvider sp, string key, bool json, DateTimeOffset? asOf, bool force, CancellationToken ct)
    {
        var catalog = sp.GetRequiredService<DefinitionCatalog>();
        var set = await catalog.RequireAsync(ct);
        if (!set.ByKey.TryGetValue(key, out var def))
        {
            CliOutput.Error($"no definition '{key}' (known: {string.Join(", ", set.ByKey.Keys.Order(StringComparer.Ordinal))})");
            return 1;
        }

        var report = await sp.GetRequiredService<CyclePreview>().PreviewAsync(asOf, force, ct);
        var transitions = report.Transitions.Where(t => t.DefinitionKey == key || def.Objectives.Any(o => o.Key == t.DefinitionKey)).ToList();
        var actions = report.Actions.Where(a => a.DefinitionKey == key).ToList();
        // Matched on the parsed metadata name: a key that is a suffix of another key (onboarding / slow_onboarding) must not match.
        var keys = def.Objectives.Select(o => o.Key).Append(key).ToHashSet(StringComparer.Ordinal);
        var changes = report.Changes.Where(c => MetadataNames.Parse(c.Name) is { } m && keys.Contains(m.Key)).ToList();
        if (json)
        {
            CliOutput.WriteJson(new { key, at = report.At, transitions, actions, crmChanges = changes });
            return 0;
        }

        Console.Out.WriteLine($"Preview of {def.Name} ({key}, {def.Kind.ToString().ToLowerInvariant()}) as of {report.At:yyyy-MM-dd HH:mm}Z — nothing is written");
        foreach (var group in transitions.GroupBy(t => t.Name))
        {
            Console.Out.WriteLine($"  would be {group.Key}: {group.Count()}");
            foreach (var t in group.Take(20))
            {
                Console.Out.WriteLine($"    {t.EntityId,-14} {t.Reason}");
            }

            if (group.Count() > 20)
            {
                Console.Out.WriteLine($"    … and {group.Count() - 20} more");
            }
        }

        if (transitions.Count == 0)
        {
            Console.Out.WriteLine("  nobody would move now");
        }

        Console.Out.WriteLine($"  actions that would fire: {actions.Count}");
        foreach (var a in actions.Take(10))
        {
            Console.Out.WriteLine($"    {a.EntityId,-14} {a.Transition,-10} {a.Summary}");
        }

        Console.Out.WriteLine($"  CRM fields that would change: {changes.Count}");
        foreach (var c in changes.Take(10))
        {
            Console.Out.WriteLine($"    {c.EntityId,-14} {c.Name} = {c.Value ?? "(cleared)"}");
        }

        return 0;
    }
}
