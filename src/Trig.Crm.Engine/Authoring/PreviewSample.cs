namespace Trig.Crm.Engine.Authoring;

/// <summary>How many entities would make one transition, and the first of them.</summary>
public sealed record PreviewSample(int Count, IReadOnlyList<PreviewEntity> First);
