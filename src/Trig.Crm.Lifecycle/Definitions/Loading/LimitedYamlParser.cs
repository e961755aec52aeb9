using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Trig.Crm.Lifecycle.Definitions.Loading;

/// <summary>
/// Passes YamlDotNet's parser events through while bounding what a hostile file can cost, before the
/// representation model (which builds nested nodes recursively) sees them:
/// <list type="bullet">
/// <item>nesting depth: a 100,000-deep <c>[[[[…</c> would otherwise overflow the stack and abort the process;</item>
/// <item>nodes after alias expansion: each alias counts as the nodes it repeats, so a "billion laughs" file of a few
/// hundred bytes is refused instead of being walked (or printed) node by node until memory runs out;</item>
/// <item>mapping keys: the readers take every key as text, so a sequence, mapping or alias as a key is refused here.</item>
/// </list>
/// YamlDotNet has a recursion limit only for its serializer and no expansion limit, hence this wrapper.
/// </summary>
internal sealed class LimitedYamlParser(IParser inner) : IParser
{
    /// <summary>The deepest nesting of mappings and sequences a definitions file may use.</summary>
    public const int MaxDepth = 64;

    /// <summary>The most nodes a file may hold, counting each alias as the nodes it repeats.</summary>
    public const long MaxNodes = 100_000;

    private readonly Stack<Frame> _open = new();
    private readonly Dictionary<string, long> _anchorSizes = new(StringComparer.Ordinal);
    private long _nodes;

    public ParsingEvent? Current => inner.Current;

    /// <summary>Where the last event ended: the place to report an error YamlDotNet raises without a position.</summary>
    public Mark Last { get; private set; } = Mark.Empty;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }

        var e = inner.Current!;
        Last = e.End;
        switch (e)
        {
            case MappingStart or SequenceStart:
                CheckKey(e);
                Count(e, 1);
                if (_open.Count >= MaxDepth)
                {
                    throw new YamlLimitException(e.Start, $"nesting deeper than {MaxDepth} levels");
                }

                _open.Push(new Frame(e is MappingStart, Anchor(e), _nodes));
                break;
            case MappingEnd or SequenceEnd:
                var frame = _open.Pop();
                if (frame.Anchor is { } name)
                {
                    _anchorSizes[name] = _nodes - frame.NodesBefore + 1;
                }

                Child();
                break;
            case Scalar:
                CheckKey(e);
                Count(e, 1);
                if (Anchor(e) is { } scalarAnchor)
                {
                    _anchorSizes[scalarAnchor] = 1;
                }

                Child();
                break;
            case AnchorAlias alias:
                if (IsKey())
                {
                    throw new YamlLimitException(e.Start, "an alias cannot be a key");
                }

                // An unknown alias is YamlDotNet's own error, raised when the document is built.
                Count(e, _anchorSizes.GetValueOrDefault(alias.Value.Value, 1));
                Child();
                break;
        }

        return true;
    }

    private static string? Anchor(ParsingEvent e) => e is NodeEvent { Anchor.IsEmpty: false } n ? n.Anchor.Value : null;

    private void Count(ParsingEvent e, long nodes)
    {
        _nodes += nodes;
        if (_nodes > MaxNodes)
        {
            throw new YamlLimitException(e.Start, $"more than {MaxNodes} nodes once aliases are expanded (an alias bomb?)");
        }
    }

    private void CheckKey(ParsingEvent e)
    {
        if (e is not Scalar && IsKey())
        {
            throw new YamlLimitException(e.Start, "a key must be text, not a list or a mapping");
        }
    }

    private bool IsKey() => _open.TryPeek(out var parent) && parent.IsMapping && parent.Children % 2 == 0;

    private void Child()
    {
        if (_open.TryPeek(out var parent))
        {
            parent.Children++;
        }
    }

    /// <summary>An open mapping or sequence: its children so far (even in a mapping: a key comes next).</summary>
    private sealed class Frame(bool isMapping, string? anchor, long nodesBefore)
    {
        public bool IsMapping { get; } = isMapping;

        public string? Anchor { get; } = anchor;

        public long NodesBefore { get; } = nodesBefore;

        public int Children { get; set; }
    }
}
