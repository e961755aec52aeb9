namespace Trig.Crm.Store.Ingest;

/// <summary>The Segment calls Trig ingests.</summary>
public enum IngestType
{
    Identify,
    Group,
    Track,
}
