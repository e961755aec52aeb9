namespace Trig.Crm.Store;

/// <summary>What a webhook delivery changed: events seen before, records queued for refresh, records deleted.</summary>
public sealed record DeliveryIntake(int Duplicates, int Queued, int Deleted);
