using Trig.Crm.Engine.Demo;
using Trig.Crm.Testing;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Worker.Tests.Support;

/// <summary>
/// The web host over a temp store filled by the demo code path (<see cref="DemoRunner"/>, sample lifecycle, 60
/// organisations, fixed clock), with a HubSpot client secret and an admin key configured.
/// </summary>
public sealed class DemoWebHostFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 15, 30, 0, TimeSpan.Zero);
    public const string AdminKey = "admin-key-for-tests-0123456789";
    public const int Organisations = 60;

    private readonly TempStore _store = new("cards");

    internal TrigWebHost Host { get; private set; } = null!;

    internal DemoResult Demo { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await TrigWebHost.StartAsync(
            [
                _store.Arg,
                $"--Trig:Definitions:Path={RepoPaths.SampleLifecycle}",
                $"--Trig:HubSpot:ClientSecret={HubSpotSigning.Secret}",
                $"--Trig:Admin:ApiKey={AdminKey}",
            ],
            Now);
        Demo = await Host.Get<DemoRunner>().RunAsync(Organisations, null, default);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _store.Dispose();
    }
}
