using YamlDotNet.Core;

namespace Trig.Crm.Lifecycle.Definitions.Loading;

/// <summary>A YAML file that goes past one of <see cref="LimitedYamlParser"/>'s bounds; the message names the bound.</summary>
internal sealed class YamlLimitException(Mark at, string message) : Exception(message)
{
    public Mark At { get; } = at;
}
