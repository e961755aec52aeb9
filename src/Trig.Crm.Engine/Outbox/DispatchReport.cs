namespace Trig.Crm.Engine.Outbox;

/// <summary>
/// What one dispatch run did. <paramref name="Waiting"/>: rows held because their channel is not configured;
/// <paramref name="Released"/>: waiting rows made pending again at the start of the run, their channel now configured.
/// </summary>
public sealed record DispatchReport(int Claimed, int Sent, int Skipped, int Retried, int DeadLettered, int NoHandler, int Waiting = 0, int Released = 0);
