namespace Trig.Crm.Engine.Insights;

/// <summary>
/// A job's actions in the outbox: sent (delivered), failed (dead-lettered), waiting (channel not configured),
/// queued (pending, in flight or due for a retry), done (internal, executed by the evaluation) and skipped.
/// </summary>
internal sealed record JobActions(int Sent, int Failed, int Waiting, int Queued, int Done, int Skipped);
