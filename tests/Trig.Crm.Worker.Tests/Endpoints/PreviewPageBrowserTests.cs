using Microsoft.Playwright;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Engine.Demo;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store;
using Trig.Crm.Testing;
using Trig.Crm.Testing.Prerequisites;
using Trig.Crm.Testing.Stores;
using Trig.Crm.Worker.Tests.Support;

namespace Trig.Crm.Worker.Tests.Endpoints;

/// <summary>
/// The local card preview in a real browser: the web host on a loopback port (Kestrel) over a demo store, and
/// Debian's Chromium driven by Playwright opening <c>/cards/preview/org-0001</c>.
/// </summary>
public sealed class PreviewPageBrowserTests
{
    private const string Chromium = ChromiumFactAttribute.Path;
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 15, 30, 0, TimeSpan.Zero);

    [ChromiumFact]
    public async Task PreviewPage_RendersTheOrganisationsCardInChromium()
    {
        ChromiumFactAttribute.Require(); // reached without Chromium only in CI, where that is a failure

        using var store = new TempStore("preview");
        await using var host = await TrigWebHost.StartAsync([store.Arg, $"--Trig:Definitions:Path={RepoPaths.SampleLifecycle}"], Now, kestrel: true);
        await host.Get<DemoRunner>().RunAsync(40, null, default);
        Assert.StartsWith("http://127.0.0.1:", host.BaseUrl, StringComparison.Ordinal);

        // What the card must show, from the store and the definitions.
        var set = host.Get<DefinitionCatalog>().Current!;
        var org = (await host.Get<ITrigStore>().LoadEntityAsync(EntityKind.Organisation, "org-0001", default))!;
        var stage = set.Ordered.FirstOrDefault(d => d.Kind == DefinitionKind.Stage && org.Memberships.TryGetValue(d.Key, out var m) && m.IsActive);
        var behaviours = set.All.Where(d => d.Kind == DefinitionKind.Behaviour && org.Memberships.ContainsKey(d.Key)).Select(d => d.Name).ToList();
        Assert.True(stage is not null || behaviours.Count > 0, "org-0001 has neither a stage nor a behaviour in the demo");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 900, Height = 1200 } });
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);

        var response = await page.GotoAsync($"{host.BaseUrl}/cards/preview/org-0001");
        Assert.Equal(200, response!.Status);
        var card = page.Locator(".trig-card");
        await card.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        var text = await card.InnerTextAsync();

        Assert.Contains(org.Get("name").AsString!, text, StringComparison.Ordinal);
        if (stage is not null)
        {
            Assert.Contains(stage.Name, text, StringComparison.OrdinalIgnoreCase);
        }

        Assert.All(behaviours, name => Assert.Contains(name, text, StringComparison.OrdinalIgnoreCase));
        Assert.Equal("org-0001", await page.Locator("#entity-id").InnerTextAsync());
        Assert.Empty(errors);

        var shot = Path.Combine(AppContext.BaseDirectory, "screenshots", "preview-org-0001.png");
        Directory.CreateDirectory(Path.GetDirectoryName(shot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        Assert.True(new FileInfo(shot).Length > 10_000, "the screenshot is suspiciously small");

        // An unknown id renders the empty state with the API's message.
        await page.GotoAsync($"{host.BaseUrl}/cards/preview/org-9999");
        await page.Locator(".trig-empty").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        Assert.Contains("No Trig data for this record yet.", await page.Locator("#card").InnerTextAsync(), StringComparison.Ordinal);
    }
}
