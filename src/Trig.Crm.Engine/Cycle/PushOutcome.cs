namespace Trig.Crm.Engine.Cycle;

/// <summary>What one push did.</summary>
internal sealed record PushOutcome(int Provisioned, int Written, int Failed, int Requests, IReadOnlyList<string> Notes);
