using Microsoft.Extensions.Options;
using Trig.Crm.Store.Ingest;

namespace Trig.Crm.Worker.Ingest;

/// <summary>The identity rules in effect: <see cref="IngestOptions"/> with the CRM provider's default person key.</summary>
public sealed class IngestIdentityProvider(IOptions<IngestOptions> options, IConfiguration configuration)
{
    public IngestIdentity Identity { get; } = options.Value.Identity(configuration["Trig:Crm:Provider"]);
}
