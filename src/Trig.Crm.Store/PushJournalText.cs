using System.Text.Json;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.Store;

/// <summary>A journaled push as one text value: a JSON array of [kind, id, name, value] (both stores keep it as text).</summary>
internal static class PushJournalText
{
    public static string Write(IReadOnlyList<MetadataChange> changes) =>
        JsonSerializer.Serialize(changes.Select(c => new object?[] { (int)c.Kind, c.EntityId, c.Name, c.Value }));

    public static void ReadInto(string text, Dictionary<(EntityKind Kind, string Id, string Name), string?> into)
    {
        foreach (var row in JsonSerializer.Deserialize<JsonElement[][]>(text) ?? [])
        {
            into[((EntityKind)row[0].GetInt32(), row[1].GetString()!, row[2].GetString()!)] = row[3].ValueKind == JsonValueKind.Null ? null : row[3].GetString();
        }
    }
}
