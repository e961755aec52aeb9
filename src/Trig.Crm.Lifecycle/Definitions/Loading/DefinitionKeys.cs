using Trig.Crm.Lifecycle.Model;
using YamlDotNet.RepresentationModel;

namespace Trig.Crm.Lifecycle.Definitions.Loading;

/// <summary>
/// Every definition key of the load (objectives included), registered before any definition is read in full so
/// criteria can refer to definitions declared anywhere. A key may be defined once across all files.
/// </summary>
internal sealed class DefinitionKeys(LoadDiagnostics diagnostics)
{
    private readonly Dictionary<string, KeyEntry> _keys = new(StringComparer.Ordinal);

    public void RegisterAll(IEnumerable<RawDefinition> definitions)
    {
        foreach (var (node, kind, file, _) in definitions)
        {
            diagnostics.File = file;
            var entity = EntityField.Read(node);
            Register(node, kind, entity, null);
            if (kind == DefinitionKind.Stage && YamlNodes.Child(node, "objectives") is YamlSequenceNode objs)
            {
                foreach (var o in objs.Children.OfType<YamlMappingNode>())
                {
                    Register(o, DefinitionKind.Objective, entity, YamlNodes.Scalar(node, "key"));
                }
            }
        }
    }

    public bool TryGet(string key, out KeyEntry entry) => _keys.TryGetValue(key, out entry);

    public bool IsStage(string key) => _keys.TryGetValue(key, out var k) && k.Kind == DefinitionKind.Stage;

    public bool IsJob(string key) => _keys.TryGetValue(key, out var k) && k.Kind == DefinitionKind.Job;

    public EntityKind EntityOf(string key) => _keys[key].Entity;

    private void Register(YamlMappingNode node, DefinitionKind kind, EntityKind entity, string? stage)
    {
        var keyNode = YamlNodes.Child(node, "key");
        var key = (keyNode as YamlScalarNode)?.Value;
        if (string.IsNullOrEmpty(key))
        {
            return;
        }

        if (_keys.TryGetValue(key, out var existing))
        {
            diagnostics.Error(keyNode, $"duplicate definition key '{key}' (first defined at {existing.Location})");
            return;
        }

        _keys[key] = new KeyEntry(kind, entity, stage, diagnostics.Location(keyNode));
    }
}
