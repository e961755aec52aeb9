using Trig.Crm.Engine.Cycle;
using Trig.Crm.Engine.Metadata;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store;

namespace Trig.Crm.Worker.Cli;

/// <summary><c>trig explain &lt;entity-id&gt; [&lt;key&gt;]</c>: criterion by criterion, with the values seen.</summary>
internal static class ExplainCommand
{
    /// <summary>The most recent transitions explain shows (the audit trail: reason, time, definition version).</summary>
    private const int HistoryLimit = 200;

    public static async Task<int> RunAsync(IServiceProvider sp, string entityId, string? key, bool json, CancellationToken ct)
    {
        var store = sp.GetRequiredService<ITrigStore>();
        var found = await store.LoadUnitOfAsync(EntityKind.Organisation, entityId, ct) ?? await store.LoadUnitOfAsync(EntityKind.Person, entityId, ct);
        if (found is null)
        {
            CliOutput.Error($"unknown entity '{entityId}'");
            return 1;
        }

        var (unit, entity) = found.Value;
        var (input, _) = await sp.GetRequiredService<CyclePreview>().LoadAsync(null, ct);
        var defs = input.Definitions.All.Where(d => d.Entity == entity.Kind && (key is null || d.Key == key)).ToList();
        if (key is not null && defs.Count == 0)
        {
            CliOutput.Error($"no {entity.Kind.ToString().ToLowerInvariant()}-level definition '{key}'");
            return 1;
        }

        var explanations = defs.Select(d => Evaluator.Explain(input, unit, entity, d)).ToList();
        var metadata = MetadataProjector.Desired(input.Definitions, entity);
        var history = (await store.TransitionsForAsync(entity.Kind, entity.Id, HistoryLimit, ct))
            .Select(t => t.Transition).Where(t => key is null || t.DefinitionKey == key).Reverse().ToList();
        if (json)
        {
            CliOutput.WriteJson(new
            {
                entity = new { id = entity.Id, kind = entity.Kind, organisationId = entity.OrganisationId },
                attributes = entity.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal).ToDictionary(a => a.Key, a => a.Value.ToString()),
                metadata,
                definitions = explanations.Select(e => new { key = e.Definition.Key, kind = e.Definition.Kind, status = e.Status, paused = e.Paused, audience = e.Audience, completion = e.Completion, exitWhen = e.ExitWhen }),
                transitions = history.Select(t => new { definition = t.DefinitionKey, transition = t.Name, at = t.At, version = t.DefinitionVersion, reason = t.Reason, step = t.FollowUpStep }),
            });
            return 0;
        }

        Console.Out.WriteLine($"{entity.Kind} {entity.Id} ({entity.ToSnapshot().DisplayName})");
        foreach (var e in explanations)
        {
            Console.Out.WriteLine();
            Console.Out.WriteLine($"{e.Definition.Key} [{e.Definition.Kind.ToString().ToLowerInvariant()}]: {e.Status}{(e.Paused ? " (paused)" : "")}");
            Write("audience", e.Audience);
            Write(e.Definition.Kind == Lifecycle.Definitions.DefinitionKind.Job ? "goal" : "completion", e.Completion);
            Write("exit when", e.ExitWhen);
        }

        WriteHistory(history);
        return 0;
    }

    private static void WriteHistory(List<Lifecycle.Evaluation.Transition> history)
    {
        Console.Out.WriteLine();
        Console.Out.WriteLine(history.Count == 0 ? "history: no recorded transitions" : "history (oldest first):");
        foreach (var t in history)
        {
            Console.Out.WriteLine($"  {t.At:yyyy-MM-dd HH:mm:ss}Z {t.DefinitionKey} {t.Name} (version {t.DefinitionVersion}): {t.Reason}");
        }
    }

    private static void Write(string label, ExplainNode? node)
    {
        if (node is null)
        {
            return;
        }

        Console.Out.WriteLine($"  {label}: {(node.Result ? "matches" : "does not match")}");
        Walk(node, 2);
    }

    private static void Walk(ExplainNode node, int depth)
    {
        foreach (var c in node.Children)
        {
            var pad = new string(' ', depth * 2);
            if (c.Children.Count > 0)
            {
                Console.Out.WriteLine($"{pad}{c.Text}: {(c.Result ? "✓" : "✗")}");
                Walk(c, depth + 1);
            }
            else
            {
                Console.Out.WriteLine($"{pad}{(c.Result ? "✓" : "✗")} {c.Text}   (seen: {c.Observed})");
            }
        }
    }
}
