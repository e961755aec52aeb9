using Trig.Crm.Store.Sqlite;

namespace Trig.Crm.Store.Ingest;

/// <summary>
/// Applies a batch of ingest messages in order with a store's writer and counts what each did. Track messages are
/// deduplicated by the events' (and pending rows') unique message ids, one write fewer per event on the hot path;
/// traits updates by the message-id table, through <c>markSeen</c>.
/// </summary>
internal static class IngestBatch
{
    /// <param name="markSeen">Records a non-track message's id; false: it was seen before.</param>
    /// <param name="apply">Applies the message to the store.</param>
    /// <param name="keepPending">Keeps a message whose ids name no known entity yet; false: it is pending already.</param>
    public static async Task<(int Applied, int Duplicates, int Pending)> ApplyAsync(
        IReadOnlyList<IngestMessage> messages, Func<IngestMessage, ValueTask<bool>> markSeen,
        Func<IngestMessage, Task<IngestOutcome>> apply, Func<IngestMessage, ValueTask<bool>> keepPending)
    {
        int applied = 0, duplicates = 0, pending = 0;
        foreach (var m in messages)
        {
            if (m.Type != IngestType.Track && !await markSeen(m))
            {
                duplicates++;
                continue;
            }

            switch (await apply(m))
            {
                case IngestOutcome.Applied:
                    applied++;
                    break;
                case IngestOutcome.Duplicate:
                    duplicates++;
                    break;
                default:
                    if (await keepPending(m))
                    {
                        pending++;
                    }
                    else
                    {
                        duplicates++;
                    }

                    break;
            }
        }

        return (applied, duplicates, pending);
    }
}
