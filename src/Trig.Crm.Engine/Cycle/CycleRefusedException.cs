namespace Trig.Crm.Engine.Cycle;

/// <summary>A cycle request that cannot be honoured (e.g. <c>--as-of</c> before the last cycle); its message is the one line shown.</summary>
public sealed class CycleRefusedException(string message) : Exception(message);
