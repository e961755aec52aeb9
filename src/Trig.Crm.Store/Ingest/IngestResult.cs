namespace Trig.Crm.Store.Ingest;

/// <summary>What an ingest call wrote: messages applied, ignored as repeats, kept pending, and events appended.</summary>
public sealed record IngestResult(int Applied, int Duplicates, int Pending, int Events);
