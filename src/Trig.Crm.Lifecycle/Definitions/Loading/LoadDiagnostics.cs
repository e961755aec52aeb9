using YamlDotNet.RepresentationModel;

namespace Trig.Crm.Lifecycle.Definitions.Loading;

/// <summary>
/// Collects the diagnostics of one load. <see cref="File"/> is the file whose nodes are being read, so readers
/// can report against a node without carrying the file name around.
/// </summary>
internal sealed class LoadDiagnostics
{
    private readonly List<Diagnostic> _items = [];

    public string File { get; set; } = "";

    public bool HasErrors => _items.Any(d => !d.IsWarning);

    public void Add(Diagnostic diagnostic) => _items.Add(diagnostic);

    public void Error(YamlNode? node, string message, int offset = 0) =>
        _items.Add(new Diagnostic(Location(node, offset), message));

    public void Warn(YamlNode? node, string message) =>
        _items.Add(new Diagnostic(Location(node), message, IsWarning: true));

    public SourceLocation Location(YamlNode? node, int offset = 0) => YamlPositions.Of(File, node, offset);

    /// <summary>By file, line and column; a stable sort keeps the reading order of findings at one position.</summary>
    public List<Diagnostic> Sorted() =>
        [.. _items.OrderBy(d => d.Location.File, StringComparer.Ordinal).ThenBy(d => d.Location.Line).ThenBy(d => d.Location.Column)];
}
