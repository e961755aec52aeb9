namespace Trig.Crm.Worker.Engine;

/// <summary>What one dispatch run did.</summary>
public sealed record DispatchReport(int Claimed, int Sent, int Skipped, int Retried, int DeadLettered, int NoHandler);
