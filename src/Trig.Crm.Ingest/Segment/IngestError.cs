namespace Trig.Crm.Ingest.Segment;

/// <summary>Why a call was refused: the JSON path of the field (<c>batch[3].timestamp</c>) and a message.</summary>
public sealed record IngestError(string Field, string Message, int? Index = null);
