using Microsoft.Extensions.Options;
using Trig.Crm.Engine.Options;
using Trig.Crm.Lifecycle.Metadata;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store;

namespace Trig.Crm.Engine.LocalCrm;

/// <summary>The local CRM's metadata sink: a CRM-like property table in the store (<c>crm_properties</c>).</summary>
internal sealed partial class LocalMetadataSink(ITrigStore store, IOptions<TrigOptions> options, TimeProvider time) : ICrmMetadataSink
{
    private const int MaxNameLength = 100;

    public string Provider => "local";

    public bool WantsCardSummary => false;

    public Task<ProvisionResult> ProvisionAsync(IReadOnlyList<MetadataProperty> properties, CancellationToken cancellationToken) =>
        Task.FromResult(new ProvisionResult([], [.. properties.Select(p => Name(p.Name)).Distinct()], 0));

    public async Task<PushResult> PushAsync(IReadOnlyList<MetadataChange> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return PushResult.Empty;
        }

        await store.WriteLocalPropertiesAsync([.. changes.Select(c => c with { Name = Name(c.Name) })], time.GetUtcNow(), cancellationToken);
        return new PushResult(changes, [], [], 1, []);
    }

    private string Name(string name) => MetadataNames.ToCrmName(options.Value.Crm.LocalPropertyPrefix, name, MaxNameLength);
}
