namespace Trig.Crm.Store.Sqlite;

/// <summary>What applying one ingest message did.</summary>
internal enum IngestOutcome
{
    Applied,
    Duplicate,

    /// <summary>The ids name no known entity (yet): the message is kept pending.</summary>
    Unmatched,
}
