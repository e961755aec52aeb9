using Trig.Crm.HubSpot.Api;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.HubSpot.Sink;

/// <summary>Reads Trig's properties back with <c>batch/read</c> (100 records per call), for a push a crash left unconfirmed.</summary>
internal sealed partial class HubSpotMetadataSink : ICrmMetadataReader
{
    public async Task<IReadOnlyList<MetadataChange>> ReadAsync(IReadOnlyList<MetadataChange> wanted, CancellationToken cancellationToken)
    {
        var held = new List<MetadataChange>();
        foreach (var byKind in wanted.GroupBy(c => c.Kind))
        {
            var type = HubSpotObjectTypes.Of(byKind.Key);
            var names = byKind.Select(c => c.Name).Distinct(StringComparer.Ordinal).ToDictionary(CrmName, n => n, StringComparer.Ordinal);
            var wantedOf = byKind.ToLookup(c => c.EntityId, StringComparer.Ordinal);
            foreach (var chunk in wantedOf.Select(g => g.Key).Chunk(BatchLimit))
            {
                var response = await objects.BatchReadAsync(
                    type, new BatchReadInputSimplePublicObjectId([.. chunk.Select(id => new SimplePublicObjectId(id))], [.. names.Keys], []), cancellationToken);
                response.ThrowIfNotReceived();
                if (response.Content?.Results is not { } found)
                {
                    continue; // nothing readable (all gone, or refused): the values are sent again, as without a journal
                }

                foreach (var record in found)
                {
                    foreach (var change in wantedOf[record.Id])
                    {
                        if (record.Properties is { } properties && properties.TryGetValue(CrmName(change.Name), out var value))
                        {
                            held.Add(change with { Value = value });
                        }
                    }
                }
            }
        }

        return held;
    }
}
