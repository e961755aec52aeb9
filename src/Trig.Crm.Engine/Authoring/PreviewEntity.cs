namespace Trig.Crm.Engine.Authoring;

/// <summary>An entity a preview says would move, with the criteria outcome that decided it.</summary>
public sealed record PreviewEntity(string Id, string Name, string Reason);
