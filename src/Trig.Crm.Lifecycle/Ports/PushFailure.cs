namespace Trig.Crm.Lifecycle.Ports;

/// <summary>A change the CRM refused. Transient ones are pushed again next cycle; permanent ones are reported.</summary>
public sealed record PushFailure(MetadataChange Change, string Reason, bool Transient);
