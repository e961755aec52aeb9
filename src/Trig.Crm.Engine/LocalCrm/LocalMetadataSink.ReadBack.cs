using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.Engine.LocalCrm;

/// <summary>Reads properties back from the local CRM's table, for a push a crash left unconfirmed.</summary>
internal sealed partial class LocalMetadataSink : ICrmMetadataReader
{
    public async Task<IReadOnlyList<MetadataChange>> ReadAsync(IReadOnlyList<MetadataChange> wanted, CancellationToken cancellationToken)
    {
        var held = new List<MetadataChange>();
        foreach (var record in wanted.GroupBy(c => (c.Kind, c.EntityId)))
        {
            var properties = await store.ReadLocalPropertiesAsync(record.Key.Kind, record.Key.EntityId, cancellationToken);
            held.AddRange(record.Where(c => properties.ContainsKey(Name(c.Name))).Select(c => c with { Value = properties[Name(c.Name)] }));
        }

        return held;
    }
}
