namespace Trig.Crm.Engine.Authoring;

/// <summary>An action a preview says would fire (the public shape of the cycle preview's action).</summary>
public sealed record PreviewActionItem(string DefinitionKey, string EntityId, string Transition, string Kind, string Summary);
