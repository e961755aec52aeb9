using System.Diagnostics;
using Microsoft.Playwright;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store.Sqlite;
using Trig.Crm.Testing.Prerequisites;
using Trig.Crm.Testing.Stores;
using Trig.Crm.Testing.Processes;
using Trig.Crm.Worker.Tests.Support;

namespace Trig.Crm.Worker.Tests.Admin;

/// <summary>
/// The /admin page in Debian's Chromium (Playwright) against a real <c>trig run</c> on the local CRM: sign in with the
/// admin key, build a cohort, preview it, publish it, see the service's own cycle evaluate it, change its criteria
/// with confirmation, roll it back, and find it all in the audit log and the last cycles. And the Entra ID sign-in:
/// the page's own PKCE flow against a loopback authority, then a change audited as the signed-in user.
/// </summary>
public sealed class AdminPageBrowserTests
{
    private const string Key = "admin-key-0123456789abcdef";

    [ChromiumFact]
    public async Task BuildPreviewPublishEvaluateRollback_InChromium()
    {
        ChromiumFactAttribute.Require(); // reached without Chromium only in CI, where that is a failure

        var dir = IngestTestHost.NewDir();
        try
        {
            var (db, definitions, store) = await AuthoringWorkspace.SeedAsync(dir);

            await using var trig = await TrigProcess.StartServiceAsync(dir,
                $"--Trig:Store:ConnectionString=Data Source={db}", $"--Trig:Definitions:Path={definitions}", $"--Trig:Admin:ApiKey={Key}", "--Trig:Schedule:Cycle=0/2 * * * * ?");

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumFactAttribute.Path,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });
            var page = await browser.NewPageAsync();
            page.SetDefaultTimeout(15_000);
            var errors = new List<string>();
            page.PageError += (_, e) => errors.Add(e);

            // Sign in with the admin key; the provisioned cohort is listed as managed in files.
            Assert.Equal(200, (await page.GotoAsync($"{trig.BaseUrl}/admin"))!.Status);
            await page.Locator("[aria-label='admin key']").FillAsync(Key);
            await page.GetByTestId("signin-key").ClickAsync();
            await Expect(page.GetByTestId("def-premium"), "managed in files");

            // Build the cohort: arr >= 10000.
            await page.GetByTestId("tab-builder").ClickAsync();
            await page.Locator("[aria-label='key']").FillAsync("big_accounts");
            await page.Locator("[aria-label='name']").FillAsync("Big accounts");
            await page.GetByTestId("add-condition-criteria").ClickAsync();
            var condition = page.GetByTestId("condition-criteria-0");
            await condition.Locator("[aria-label='attribute']").SelectOptionAsync("arr");
            await condition.Locator("[aria-label='operator']").SelectOptionAsync(">=");
            await condition.Locator("[aria-label='value']").FillAsync("10000");
            Assert.Contains("- \"arr >= 10000\"", await page.GetByTestId("yaml").InputValueAsync(), StringComparison.Ordinal);

            // Preview: Acme, Beta and Gamma would enter; nothing is stored yet.
            await page.GetByTestId("preview").ClickAsync();
            await Expect(page.GetByTestId("would-enter-big_accounts"), "3");
            Assert.Equal(0, await store.AuthoredSetVersionAsync(default));

            // Publish; the service's next cycle evaluates it: three members and a last-evaluated time.
            await page.GetByTestId("publish").ClickAsync();
            await Expect(page.GetByTestId("builder-message"), "Published as set version 1.");
            await page.GetByTestId("tab-definitions").ClickAsync();
            await RefreshUntilAsync(page, trig, "members-big_accounts", "3");
            // Members can show before the cycle's run is recorded as completed, which is what sets "last evaluated".
            await RefreshUntilAsync(page, trig, "evaluated-big_accounts", text => text.EndsWith(" ago", StringComparison.Ordinal));

            // A malformed edit is refused with the error at its line.
            await page.GetByTestId("def-big_accounts").ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Edit YAML" }).ClickAsync();
            var yaml = await page.GetByTestId("yaml").InputValueAsync();
            await page.GetByTestId("yaml").FillAsync(yaml.Replace("arr >= 10000", "arr >= lots", StringComparison.Ordinal));
            await page.GetByTestId("preview").ClickAsync();
            var badLine = yaml.Split('\n').ToList().FindIndex(l => l.Contains("arr >= 10000", StringComparison.Ordinal)) + 1;
            await Expect(page.GetByTestId("yaml-errors").Locator(".bad"), $"{badLine}:");

            // A criteria change of a cohort with members needs confirmation: arr >= 60000 leaves only Beta.
            await page.GetByTestId("yaml").FillAsync(yaml.Replace("arr >= 10000", "arr >= 60000", StringComparison.Ordinal));
            await page.GetByTestId("preview").ClickAsync();
            await Expect(page.GetByTestId("preview-result"), "needs confirmation: big_accounts");
            await page.GetByRole(AriaRole.Checkbox).CheckAsync();
            await page.GetByTestId("publish").ClickAsync();
            await Expect(page.GetByTestId("builder-message"), "Published as set version 2.");
            await page.GetByTestId("tab-definitions").ClickAsync();
            await RefreshUntilAsync(page, trig, "members-big_accounts", "1");

            // Roll back to version 1: the next cycles bring the three members back.
            await page.GetByTestId("def-big_accounts").ClickAsync();
            await page.GetByTestId("rollback-1").ClickAsync();
            await Expect(page.GetByTestId("detail-message"), "Rolled back to version 1 (now set version 3).");
            await Expect(page.GetByTestId("detail").Locator("pre"), "arr >= 10000"); // the detail reloads after the rollback
            await RefreshUntilAsync(page, trig, "members-big_accounts", "3");

            // The audit names the admin key for each change; the last cycles are listed.
            await page.GetByTestId("tab-audit").ClickAsync();
            await Expect(page.GetByTestId("audit"), "definitions.rollback");
            Assert.Contains("api-key", await page.GetByTestId("audit").InnerTextAsync(), StringComparison.Ordinal);
            await page.GetByTestId("tab-cycles").ClickAsync();
            await Expect(page.GetByTestId("run-outcome"), "ok");
            Assert.Empty(errors);
        }
        finally
        {
            IngestTestHost.DeleteDir(dir);
        }
    }

    [ChromiumFact]
    public async Task EntraIdSignIn_RunsThePkceFlow_AndTheChangeIsAuditedAsTheUser()
    {
        ChromiumFactAttribute.Require(); // reached without Chromium only in CI, where that is a failure

        var now = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
        using var entra = new FakeEntraId();
        using var temp = new TempStore("admin-oidc-browser");
        var definitions = Path.Combine(temp.Directory, "lifecycle");
        Directory.CreateDirectory(definitions);
        await File.WriteAllTextAsync(Path.Combine(definitions, "base.yaml"), "schema:\n  organisation: { name: string, arr: number }\n");
        await using var host = await TrigWebHost.StartAsync(
            [
                temp.Arg, $"--Trig:Definitions:Path={definitions}", $"--Trig:Admin:Oidc:Authority={entra.Authority}", "--Trig:Admin:Oidc:ClientId=client-1",
                "--Trig:Admin:Oidc:Audience=api://trig-admin", "--Trig:Admin:Oidc:AllowedUsers=ada@contoso.example", "--Trig:Admin:Oidc:RequireHttpsMetadata=false",
            ],
            now,
            kestrel: true);
        entra.AccessToken = entra.Token(now, TimeSpan.FromHours(1), "api://trig-admin", new Dictionary<string, object> { ["preferred_username"] = "ada@contoso.example", ["oid"] = "oid-ada" });

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.Path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);

        // No admin key here: the only way in is the authority (authorize → back with a code → token with the verifier).
        await page.GotoAsync($"{host.BaseUrl}/admin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with Microsoft Entra ID" }).ClickAsync();
        await Expect(page.Locator(".who"), "signed in with Entra ID");
        Assert.Equal((1, 0), (entra.TokensIssued, entra.TokensRefused));
        Assert.Equal($"{host.BaseUrl}/admin", page.Url); // the code and state are gone from the address bar

        // A published cohort is audited as the user of the token.
        await page.GetByTestId("tab-builder").ClickAsync();
        await page.Locator("[aria-label='key']").FillAsync("oidc_cohort");
        await page.GetByTestId("add-condition-criteria").ClickAsync();
        await page.GetByTestId("condition-criteria-0").Locator("[aria-label='attribute']").SelectOptionAsync("arr");
        await page.GetByTestId("condition-criteria-0").Locator("[aria-label='operator']").SelectOptionAsync(">=");
        await page.GetByTestId("condition-criteria-0").Locator("[aria-label='value']").FillAsync("1");
        await page.GetByTestId("preview").ClickAsync();
        await page.GetByTestId("preview-result").WaitForAsync();
        await page.GetByTestId("publish").ClickAsync();
        await Expect(page.GetByTestId("builder-message"), "Published as set version 1.");
        await page.GetByTestId("tab-audit").ClickAsync();
        await Expect(page.GetByTestId("audit"), "oidc:ada@contoso.example");
        Assert.Empty(errors);
    }

    private static async Task Expect(ILocator locator, string text)
    {
        await locator.First.WaitForAsync();
        var watch = new StallWatch(TimeSpan.FromSeconds(15)); // the page renders what a real service answers
        string last;
        while (!(last = await locator.First.InnerTextAsync()).Contains(text, StringComparison.Ordinal))
        {
            Assert.True(watch.Moving(last), $"expected '{text}' in '{last}' (unchanged for {watch.Bound.TotalSeconds:0} s)");
            await Task.Delay(100);
        }
    }

    private static Task RefreshUntilAsync(IPage page, TrigProcess trig, string testId, string expected) =>
        RefreshUntilAsync(page, trig, testId, text => text == expected);

    private static async Task RefreshUntilAsync(IPage page, TrigProcess trig, string testId, Func<string, bool> expected)
    {
        var watch = new StallWatch(TimeSpan.FromSeconds(60)); // waiting for the real service's schedule
        string shown;
        while (!expected(shown = (await page.GetByTestId(testId).InnerTextAsync()).Trim()))
        {
            Assert.True(watch.Moving(shown + "\n" + trig.Output), $"{testId} never showed what was expected (nothing changed for {watch.Bound.TotalSeconds:0} s):\n{trig.Output}");
            await Task.Delay(500);
            await page.GetByRole(AriaRole.Button, new() { Name = "Refresh" }).ClickAsync();
        }
    }
}
