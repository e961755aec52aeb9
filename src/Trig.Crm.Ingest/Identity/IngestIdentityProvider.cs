using Microsoft.Extensions.Options;
using Trig.Crm.Store.Ingest;

using Trig.Crm.Ingest;
using Trig.Crm.Ingest.Segment;
namespace Trig.Crm.Ingest.Identity;

/// <summary>The identity rules in effect: <see cref="IngestOptions"/> with the CRM provider's default person key.</summary>
public sealed class IngestIdentityProvider(IOptions<IngestOptions> options, IConfiguration configuration)
{
    public IngestIdentity Identity { get; } = options.Value.Identity(configuration["Trig:Crm:Provider"]);
}
