using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store;

namespace Trig.Crm.Ingest.Csv;

/// <summary>What checking a file's rows produced: the records or events to write, and the bad lines' errors.</summary>
internal sealed class ParsedRows
{
    public List<CrmRecord> Records { get; } = [];

    public List<EventRecord> Events { get; } = [];

    public List<string> Errors { get; } = [];

    /// <summary>Per event message id, how many identical rows were seen (to number the repeats).</summary>
    public Dictionary<string, int> Seen { get; } = new(StringComparer.Ordinal);

    public int Bad { get; set; }
}
