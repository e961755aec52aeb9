using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Trig.Crm.Engine.Authoring;

/// <summary>An entry's text with its key changed ("duplicate as new"), keeping the author's layout and comments where it can.</summary>
internal static class KeyRewrite
{
    public static string Rewrite(DocumentEntry entry, string newKey)
    {
        var pattern = new Regex(@"^(\s*(?:-\s+)?key:\s*)[""']?" + Regex.Escape(entry.Key) + @"[""']?[ \t]*$", RegexOptions.Multiline, TimeSpan.FromSeconds(1));
        var text = pattern.Replace(entry.Text, m => m.Groups[1].Value + newKey, 1);
        if (DefinitionDocument.Split(text) is [var only] && only.Key == newKey)
        {
            return text;
        }

        // Flow style ({ key: x, … }): edit the node and let YamlDotNet write it.
        var stream = new YamlStream();
        stream.Load(new StringReader(entry.Text));
        var item = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode(entry.Section)]).Children[0];
        item.Children[new YamlScalarNode("key")] = new YamlScalarNode(newKey);
        return DefinitionDocument.ItemText("", entry.Section, item);
    }
}
