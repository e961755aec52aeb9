using Trig.Crm.Testing.Prerequisites;

namespace Trig.Crm.Testing.Stores;

/// <summary>
/// One PostgreSQL server for a whole test run (an xunit collection fixture): started on first use, so a run whose
/// PostgreSQL tests are all skipped starts nothing, and stopped when the run ends. Each test takes its own database
/// (<c>NewStoreAsync</c>).
/// </summary>
public sealed class SharedPostgres : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private PostgresServer? _server;

    internal async Task<PostgresServer> ServerAsync()
    {
        await _gate.WaitAsync();
        try
        {
            return _server ??= await PostgresServer.StartAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A migrated store on a fresh database of the shared server.</summary>
    internal async Task<PostgresTempStore> NewStoreAsync() => await PostgresTempStore.CreateAsync(await ServerAsync());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _gate.Dispose();
    }
}
