using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.Store;

/// <summary>
/// One event of an inbound webhook delivery, as the store records it: its id (for replay detection) and the record it
/// names, to delete (<paramref name="IsDeletion"/>) or to refresh from the CRM. No record: the id is only recorded.
/// </summary>
public sealed record DeliveredEvent(string Id, CrmRecordRef? Record, bool IsDeletion);
