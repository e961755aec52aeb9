using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Ports;

/// <summary>A reference to one CRM record, for targeted refreshes (webhooks) and deletions.</summary>
public sealed record CrmRecordRef(EntityKind Kind, string Id);
