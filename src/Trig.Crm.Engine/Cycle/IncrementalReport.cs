namespace Trig.Crm.Engine.Cycle;

/// <summary>What one fast-path run did: records re-read from the CRM, entities evaluated and transitions recorded.</summary>
internal sealed record IncrementalReport(int Refreshed, int EntitiesEvaluated, int Transitions);
