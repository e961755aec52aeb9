using System.Security.Cryptography;
using System.Text;
using Trig.Crm.Lifecycle.Model;
using YamlDotNet.RepresentationModel;

namespace Trig.Crm.Lifecycle.Definitions.Loading;

/// <summary>
/// Reads a definition's common fields (key, name, entity, status, actions), then hands it to the reader of its kind.
/// </summary>
internal sealed class DefinitionReader
{
    private readonly LoadDiagnostics _diagnostics;
    private readonly ActionsReader _actions;
    private readonly BehaviourReader _behaviours;
    private readonly CohortReader _cohorts;
    private readonly StageReader _stages;
    private readonly JobReader _jobs;
    private readonly SignalReader _signals;

    public DefinitionReader(LoadDiagnostics diagnostics, CriteriaChecker checker)
    {
        var values = new ValueReader(diagnostics);
        _diagnostics = diagnostics;
        _actions = new ActionsReader(diagnostics, checker);
        _behaviours = new BehaviourReader(checker, values);
        _cohorts = new CohortReader(diagnostics, checker);
        _stages = new StageReader(diagnostics, checker, values);
        _jobs = new JobReader(diagnostics, checker, values, _actions);
        _signals = new SignalReader(diagnostics, checker, values);
    }

    public Definition? Read(YamlMappingNode node, DefinitionKind kind, EntityKind entity, string? stageKey, string content)
    {
        var kindName = kind.ToString().ToLowerInvariant();
        CheckKeys(node, kind, kindName);
        var keyNode = YamlNodes.Child(node, "key") as YamlScalarNode;
        var key = keyNode?.Value;
        if (string.IsNullOrEmpty(key))
        {
            _diagnostics.Error(node, $"a {kindName} needs a 'key'");
            return null;
        }

        if (!IsSnakeKey(key))
        {
            _diagnostics.Error(keyNode, $"key '{key}' must be lower snake case (a-z, 0-9, _), starting with a letter");
        }

        if (YamlNodes.Child(node, "entity") is YamlScalarNode en && !EntityField.IsKnown(en.Value))
        {
            _diagnostics.Error(en, $"unknown entity '{en.Value}' (use organisation or person)");
        }

        var d = new Definition
        {
            Key = key,
            Name = YamlNodes.Scalar(node, "name") ?? Humanize(key),
            Kind = kind,
            Entity = entity,
            Version = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(YamlNodes.SourceText(content, node))))[..12],
            Paused = ReadPaused(node),
            StageKey = stageKey,
            Location = _diagnostics.Location(keyNode),
            OnEntry = _actions.Read(YamlNodes.Child(node, "on_entry"), entity),
            OnComplete = _actions.Read(YamlNodes.Child(node, "on_complete"), entity),
            OnExit = _actions.Read(YamlNodes.Child(node, "on_exit"), entity),
        };

        return kind switch
        {
            DefinitionKind.Behaviour or DefinitionKind.Objective => _behaviours.Read(node, d),
            DefinitionKind.Cohort => _cohorts.Read(node, d),
            DefinitionKind.Stage => _stages.Read(node, d, content, this),
            DefinitionKind.Job => _jobs.Read(node, d, keyNode),
            _ => _signals.Read(node, d, keyNode),
        };
    }

    private void CheckKeys(YamlMappingNode node, DefinitionKind kind, string kindName)
    {
        var allowed = AllowedKeys.For(kind);
        foreach (var (k, _) in node.Children)
        {
            var name = ((YamlScalarNode)k).Value!;
            if (!allowed.Contains(name))
            {
                _diagnostics.Error(k, $"unknown key '{name}' in {kindName} (allowed: {string.Join(", ", allowed)})");
            }
        }
    }

    private bool ReadPaused(YamlMappingNode node)
    {
        if (YamlNodes.Child(node, "status") is not YamlScalarNode st)
        {
            return false;
        }

        if (st.Value is "paused")
        {
            return true;
        }

        if (st.Value is not ("live" or "active"))
        {
            _diagnostics.Error(st, $"unknown status '{st.Value}' (use live or paused)");
        }

        return false;
    }

    private static bool IsSnakeKey(string key) =>
        key.Length > 0 && key[0] is >= 'a' and <= 'z' && key.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_');

    private static string Humanize(string key) =>
        string.Join(' ', key.Split('_', StringSplitOptions.RemoveEmptyEntries).Select((w, i) => i == 0 ? char.ToUpperInvariant(w[0]) + w[1..] : w));
}
