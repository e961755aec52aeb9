using Trig.Crm.Engine.Cycle;
using Trig.Crm.Engine.Metadata;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Engine.Cards;
namespace Trig.Crm.Engine.Outbox;

/// <summary>What one dispatch run did.</summary>
public sealed record DispatchReport(int Claimed, int Sent, int Skipped, int Retried, int DeadLettered, int NoHandler);
