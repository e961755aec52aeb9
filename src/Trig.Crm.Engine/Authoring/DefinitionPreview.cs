namespace Trig.Crm.Engine.Authoring;

/// <summary>Who would enter, complete and exit one definition now.</summary>
public sealed record DefinitionPreview(string Key, PreviewSample Enter, PreviewSample Complete, PreviewSample Exit);
