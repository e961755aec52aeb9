namespace Trig.Crm.Engine.Cycle;

/// <summary>An action a preview says would fire.</summary>
internal sealed record PreviewAction(string DefinitionKey, string EntityId, string Transition, string Kind, string Summary);
