using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.Store;

/// <summary>
/// An import's writes in chunks inside the caller's one transaction: the records, then the events, reporting the
/// rows written after each chunk, so progress shows and a test can fail the import part-way.
/// </summary>
internal static class ImportChunks
{
    /// <summary>The rows one chunk writes.</summary>
    public const int Size = 2000;

    /// <summary>Writes every chunk; the events added (those not stored before).</summary>
    /// <param name="fault">The store's test hook, called after each chunk with the rows written so far (throwing aborts the import).</param>
    /// <param name="written">Told the rows written so far after each chunk.</param>
    public static async Task<int> RunAsync(
        IReadOnlyList<CrmRecord> records, IReadOnlyList<EventRecord> events,
        Func<CrmRecord[], Task> upsert, Func<EventRecord[], Task<int>> append, Action<int>? fault, IProgress<int>? written)
    {
        var done = 0;
        foreach (var chunk in records.Chunk(Size))
        {
            await upsert(chunk);
            done += chunk.Length;
            fault?.Invoke(done);
            written?.Report(done);
        }

        var added = 0;
        foreach (var chunk in events.Chunk(Size))
        {
            added += await append(chunk);
            done += chunk.Length;
            fault?.Invoke(done);
            written?.Report(done);
        }

        return added;
    }
}
