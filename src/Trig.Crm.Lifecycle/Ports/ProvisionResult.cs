namespace Trig.Crm.Lifecycle.Ports;

/// <summary>What provisioning did: property names (as in the CRM) created and already present.</summary>
public sealed record ProvisionResult(IReadOnlyList<string> Created, IReadOnlyList<string> Existing, int Requests);
