using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BigGustave;
using Trig.Crm.Testing;
using Trig.Crm.Testing.Prerequisites;
using Trig.Crm.Testing.Processes;
using Trig.Crm.Testing.Stores;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Trig.Crm.Worker.Tests.Endpoints;

/// <summary>
/// The README's headless-Chromium command for the card preview, run as written (only the service's address is
/// changed) against <c>trig run</c> after <c>trig demo</c>, with the card API slowed down as on a loaded machine.
/// </summary>
public sealed class PreviewPageScreenshotCommandTests
{
    private const string ReadmeUrl = "http://127.0.0.1:5080";
    private const string Screenshot = "--screenshot=card.png";
    private static readonly TimeSpan ChromiumTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The README line that screenshots the preview page.</summary>
    private static string ReadmeCommand()
    {
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Root, "README.md"))
            .Where(l => l.StartsWith("chromium ", StringComparison.Ordinal) && l.Contains("/cards/preview/", StringComparison.Ordinal))
            .ToList();
        var line = Assert.Single(lines);
        Assert.Contains(ReadmeUrl + "/cards/preview/org-0001", line, StringComparison.Ordinal);
        Assert.Contains(Screenshot, line, StringComparison.Ordinal);
        return line;
    }

    [ChromiumFact]
    public async Task ReadmeScreenshotCommand_CapturesTheRenderedCard_NotTheLoadingState()
    {
        ChromiumFactAttribute.Require(); // reached without Chromium only in CI, where that is a failure
        var command = ReadmeCommand();
        using var store = new TempStore("readme-shot");
        string[] config = [store.Arg, $"--Trig:Definitions:Path={RepoPaths.SampleLifecycle}"];
        var demo = await TrigProcess.RunAsync(store.Directory, ["demo", "--organisations", "20", .. config]);
        Assert.True(demo.ExitCode == 0, demo.ToString());
        await using var trig = await TrigProcess.StartServiceAsync(store.Directory, config);
        using var http = new HttpClient();
        var name = (await http.GetFromJsonAsync<JsonNode>($"{trig.BaseUrl}/api/cards/local/org-0001"))!["entity"]!["name"]!.GetValue<string>();

        // The card API answers after 2 s (every other request passes straight through): a shot taken when the page
        // has loaded, instead of when the card is drawn, catches "Loading Trig data…".
        using var slow = WireMockServer.Start();
        slow.Given(Request.Create().WithPath("/api/cards/local/*").UsingGet()).AtPriority(1)
            .RespondWith(Response.Create().WithProxy(trig.BaseUrl).WithDelay(TimeSpan.FromSeconds(2)));
        slow.Given(Request.Create().WithPath("/*").UsingAnyMethod()).AtPriority(10).RespondWith(Response.Create().WithProxy(trig.BaseUrl));
        var asWritten = command.Replace(ReadmeUrl, slow.Url!, StringComparison.Ordinal);

        var shot = await ShellAsync(asWritten, store.Directory);
        var dom = await ShellAsync(asWritten.Replace(Screenshot, "--dump-dom", StringComparison.Ordinal), store.Directory);

        Assert.Contains(name, dom.Stdout, StringComparison.Ordinal);
        Assert.Contains("trig-card", dom.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Loading Trig data", dom.Stdout, StringComparison.Ordinal);
        var png = Path.Combine(store.Directory, "card.png");
        Assert.True(File.Exists(png), shot.ToString());
        Assert.True(LowestDrawnRow(png) > 400, $"card.png shows nothing below the page header: the loading state ({shot})");
    }

    /// <summary>The lowest pixel row that differs from the page background: the loading state is one line at the top.</summary>
    private static int LowestDrawnRow(string path)
    {
        using var stream = File.OpenRead(path);
        var png = Png.Open(stream);
        var background = png.GetPixel(png.Width - 1, png.Height - 1);
        for (var y = png.Height - 1; y >= 0; y--)
        {
            for (var x = 0; x < png.Width; x += 2)
            {
                if (!png.GetPixel(x, y).Equals(background))
                {
                    return y;
                }
            }
        }

        return -1;
    }

    private static async Task<(string Stdout, string Stderr)> ShellAsync(string commandLine, string workingDirectory)
    {
        var info = new ProcessStartInfo("/bin/sh") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(commandLine);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(ChromiumTimeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        Assert.True(process.ExitCode == 0, $"{commandLine}\nexit {process.ExitCode}\n{await stderr}");
        return (await stdout, await stderr);
    }
}
