using System.Text.RegularExpressions;
using Trig.Crm.Lifecycle.Actions;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Testing;

namespace Trig.Crm.Lifecycle.Tests.Definitions;

/// <summary>
/// The sample lifecycle (which the demo and a first <c>trig run</c> load) sends nothing off the machine: every URL
/// in its files, and every webhook action it defines, is a loopback address.
/// </summary>
public sealed partial class SampleLifecycleAddressTests
{
    [Fact]
    public void SampleFiles_ContainNoUrlOutsideTheMachine()
    {
        var files = RepoPaths.SampleLifecycleFiles();
        var urls = files.SelectMany(f => Url().Matches(f.Content).Select(m => (f.File, Url: m.Value))).ToList();

        Assert.NotEmpty(urls);
        Assert.All(urls, u => Assert.True(new Uri(u.Url).IsLoopback, $"{u.File}: {u.Url} leaves the machine"));
    }

    [Fact]
    public void SampleWebhookActions_TargetLoopback()
    {
        var set = DefinitionLoader.Load(RepoPaths.SampleLifecycleFiles()).Set!;
        var hooks = set.All.SelectMany(d => d.OnEntry.Concat(d.OnComplete).Concat(d.OnExit).Concat(d.FollowUps.SelectMany(f => f.Actions)))
            .OfType<WebhookAction>().ToList();

        Assert.NotEmpty(hooks);
        Assert.All(hooks, h => Assert.True(new Uri(h.Url).IsLoopback, h.Url));
    }

    [GeneratedRegex(@"[a-z][a-z0-9+.-]*://[^\s""'}\],]+", RegexOptions.IgnoreCase)]
    private static partial Regex Url();
}
