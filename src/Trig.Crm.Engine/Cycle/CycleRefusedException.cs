using Trig.Crm.Engine.Metadata;
using Trig.Crm.Engine.Outbox;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Engine.Cards;
namespace Trig.Crm.Engine.Cycle;

/// <summary>A cycle request that cannot be honoured (e.g. <c>--as-of</c> before the last cycle); its message is the one line shown.</summary>
public sealed class CycleRefusedException(string message) : Exception(message);
