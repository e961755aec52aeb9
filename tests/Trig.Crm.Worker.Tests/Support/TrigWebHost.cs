using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Trig.Crm.Store;
using Trig.Crm.Worker.Hosting;

namespace Trig.Crm.Worker.Tests.Support;

/// <summary>
/// The <c>trig run</c> web host (<see cref="TrigHost.BuildWeb"/>) for endpoint tests: an in-memory TestServer, or
/// Kestrel on a free loopback port (<paramref name="kestrel"/>), with a <see cref="FakeTimeProvider"/>. The Quartz
/// schedules, the fast-path loop and the start-up provisioning are left out so a test drives every cycle itself.
/// </summary>
internal sealed class TrigWebHost : IAsyncDisposable
{
    private static readonly HashSet<string> Background = ["QuartzHostedService", "FastPathService", "IngestFastPathService", "StartupService", "StaleAlertService", "ShardHelperService"];

    private TrigWebHost(WebApplication app, HttpClient client, string baseUrl, FakeTimeProvider time)
    {
        App = app;
        Client = client;
        BaseUrl = baseUrl;
        Time = time;
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    public HttpClient Client { get; }

    /// <summary>The scheme and host requests arrive with (http://localhost for the TestServer).</summary>
    public string BaseUrl { get; }

    public FakeTimeProvider Time { get; }

    public T Get<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    public static async Task<TrigWebHost> StartAsync(IEnumerable<string> args, DateTimeOffset now, bool kestrel = false, Action<WebApplicationBuilder>? configure = null)
    {
        var time = new FakeTimeProvider(now);
        var all = args.ToList();
        if (kestrel)
        {
            all.Add("--Trig:Http:Urls=http://127.0.0.1:0");
        }

        var app = TrigHost.BuildWeb([.. all], b =>
        {
            if (!kestrel)
            {
                b.WebHost.UseTestServer();
            }

            b.Logging.SetMinimumLevel(LogLevel.Warning);
            b.Services.AddSingleton<TimeProvider>(time);
            foreach (var d in b.Services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType is { } t && Background.Contains(t.Name)).ToList())
            {
                b.Services.Remove(d);
            }

            configure?.Invoke(b);
        });
        await app.Services.GetRequiredService<ITrigStore>().MigrateAsync(default);
        await app.StartAsync();

        if (kestrel)
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new TrigWebHost(app, new HttpClient { BaseAddress = new Uri(address) }, address, time);
        }

        return new TrigWebHost(app, app.GetTestClient(), "http://localhost", time);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
