using Microsoft.Extensions.Options;
using Trig.Crm.Engine.Options;
using Trig.Crm.Store.Ingest;

namespace Trig.Crm.Ingest.Identity;

/// <summary>The identity rules in effect: <see cref="IngestOptions"/> with the CRM provider's default person key.</summary>
public sealed class IngestIdentityProvider(IOptions<IngestOptions> options, IOptions<TrigOptions> trig)
{
    public IngestIdentity Identity { get; } = options.Value.Identity(trig.Value.Crm.Provider);
}
