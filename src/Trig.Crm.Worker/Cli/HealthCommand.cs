using System.CommandLine;

namespace Trig.Crm.Worker.Cli;

/// <summary>
/// <c>trig health [--url URL]</c>: asks a running <c>trig run</c> for <c>/health/ready</c> and exits 0 when it answers 200,
/// 1 otherwise, printing one line. Made for container health checks (the aspnet image has no curl or wget): it builds no
/// host and never opens the store, it only reads the URL from configuration (appsettings, environment, arguments).
/// </summary>
internal static class HealthCommand
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static Command Create(string[] configArgs)
    {
        var health = new Command("health", "ask a running trig whether it is ready (GET /health/ready): exits 0 when ready, 1 otherwise");
        var url = new Option<string?>("--url") { Description = "base URL of the service (default: the first of Trig:Http:Urls, wildcard hosts as 127.0.0.1)" };
        health.Options.Add(url);
        health.SetAction(async (pr, ct) => await RunAsync(pr.GetValue(url) ?? DefaultUrl(configArgs), ct));
        return health;
    }

    public static async Task<int> RunAsync(string baseUrl, CancellationToken ct)
    {
        var (ready, line) = await CheckAsync(baseUrl, ct);
        Console.Out.WriteLine(line);
        return ready ? 0 : 1;
    }

    /// <summary>The first of <c>Trig:Http:Urls</c> as the service would read it, without building the host.</summary>
    public static string DefaultUrl(string[] configArgs)
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
            ?? "Production";
        var configuration = new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(configArgs)
            .Build();
        return LocalUrl(configuration["Trig:Http:Urls"] ?? "http://127.0.0.1:5080");
    }

    /// <summary>The first URL of a <c>;</c>-separated list, a listen-on-all host (0.0.0.0, +, *, [::]) made 127.0.0.1.</summary>
    public static string LocalUrl(string urls)
    {
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "http://127.0.0.1:5080";
        foreach (var wildcard in (string[])["0.0.0.0", "+", "*", "[::]"])
        {
            var prefix = "://" + wildcard;
            var at = first.IndexOf(prefix, StringComparison.Ordinal);
            if (at >= 0 && (at + prefix.Length == first.Length || first[at + prefix.Length] is ':' or '/'))
            {
                return string.Concat(first.AsSpan(0, at), "://127.0.0.1", first.AsSpan(at + prefix.Length));
            }
        }

        return first;
    }

    private static async Task<(bool Ready, string Line)> CheckAsync(string baseUrl, CancellationToken ct)
    {
        if (!Uri.TryCreate(baseUrl.TrimEnd('/') + "/health/ready", UriKind.Absolute, out var uri))
        {
            return (false, $"not ready: invalid URL '{baseUrl}'");
        }

        using var http = new HttpClient { Timeout = Timeout };
        try
        {
            using var response = await http.GetAsync(uri, ct);
            var code = (int)response.StatusCode;
            return code == 200 ? (true, "ready") : (false, $"not ready: {code} {response.ReasonPhrase}".TrimEnd());
        }
        catch (HttpRequestException ex)
        {
            return (false, "not ready: " + ex.Message.ReplaceLineEndings(" "));
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return (false, $"not ready: no answer within {Timeout.TotalSeconds:0} s");
        }
    }
}
