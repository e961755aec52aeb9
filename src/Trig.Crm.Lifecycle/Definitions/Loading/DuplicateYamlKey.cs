using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Trig.Crm.Lifecycle.Definitions.Loading;

/// <summary>
/// Finds, for a key YamlDotNet refused as a duplicate, its text and where the same mapping first has it. The
/// representation model only says where the second one is; the event stream still has both.
/// </summary>
internal static class DuplicateYamlKey
{
    public static (string Key, Mark First)? Find(string content, Mark duplicate)
    {
        var frames = new Stack<MappingFrame>();
        var parser = new Parser(new StringReader(content));
        try
        {
            while (parser.MoveNext())
            {
                if (Visit(parser.Current, frames, duplicate) is { } found)
                {
                    return found;
                }
            }
        }
        catch (YamlException)
        {
            // Not the duplicate: the file has another error further on. The plain message is all there is to say.
        }

        return null;
    }

    private static (string Key, Mark First)? Visit(ParsingEvent? e, Stack<MappingFrame> frames, Mark duplicate)
    {
        switch (e)
        {
            case MappingStart or SequenceStart:
                frames.Push(new MappingFrame(e is MappingStart));
                break;
            case MappingEnd or SequenceEnd:
                frames.Pop();
                CountChild(frames);
                break;
            case Scalar s:
                if (frames.TryPeek(out var parent) && parent.IsMapping && parent.Children % 2 == 0)
                {
                    if (s.Start.Line == duplicate.Line && s.Start.Column == duplicate.Column && parent.Keys.TryGetValue(s.Value, out var first))
                    {
                        return (s.Value, first);
                    }

                    parent.Keys.TryAdd(s.Value, s.Start);
                }

                CountChild(frames);
                break;
            case AnchorAlias:
                CountChild(frames);
                break;
        }

        return null;
    }

    private static void CountChild(Stack<MappingFrame> frames)
    {
        if (frames.TryPeek(out var parent))
        {
            parent.Children++;
        }
    }
}
