namespace Trig.Crm.Lifecycle.Ports;

/// <summary>What a pull did, for the sync summary. Notes are shown to the user (e.g. a daily limit reached).</summary>
public sealed record CrmPullSummary(int Organisations, int People, int Deleted, int Requests, IReadOnlyList<string> Notes);
