using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store;
using Trig.Crm.Testing;
using Trig.Crm.Testing.Processes;
using Trig.Crm.Worker.Hosting;
using Trig.Crm.Worker.Tests.Support;

namespace Trig.Crm.Worker.Tests.Endpoints;

public sealed class IngestLoadTests
{
    [Fact]
    public async Task Batch_50x100EventsFromConcurrentClientsOnLoopback_AllStored()
    {
        const int Batches = 50, PerBatch = 100, People = 200, Clients = 4;
        var dir = IngestTestHost.NewDir();
        var port = FreePort.Get();
        var app = TrigHost.BuildWeb(IngestTestHost.Args(dir, $"--Trig:Http:Urls=http://127.0.0.1:{port}", "--Trig:Ingest:WriteKey=" + IngestTestHost.WriteKey));
        await app.StartAsync();
        try
        {
            var store = app.Services.GetRequiredService<ITrigStore>();
            await store.UpsertAsync([.. Enumerable.Range(0, People).Select(i => new CrmRecord(EntityKind.Person, $"p{i}", null, new Dictionary<string, AttributeValue>()))], default);

            var next = -1;
            var statuses = new List<HttpStatusCode>();
            await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
            {
                using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
                http.DefaultRequestHeaders.Authorization = IngestTestHost.Basic(IngestTestHost.WriteKey);
                int b;
                while ((b = Interlocked.Increment(ref next)) < Batches)
                {
                    var items = Enumerable.Range(0, PerBatch).Select(i =>
                        $$"""{"type":"track","userId":"p{{(b * PerBatch + i) % People}}","event":"login","properties":{"n":{{i}}},"messageId":"load-{{b}}-{{i}}"}""");
                    var r = await http.PostAsync("/v1/batch", new StringContent("{\"batch\":[" + string.Join(',', items) + "]}", Encoding.UTF8, "application/json"));
                    lock (statuses)
                    {
                        statuses.Add(r.StatusCode);
                    }
                }
            }));

            Assert.Equal(Batches, statuses.Count);
            Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
            using var c = new SqliteConnection($"Data Source={Path.Combine(dir, "trig.db")};Pooling=False");
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*), COUNT(DISTINCT message_id) FROM events WHERE message_id LIKE 'load-%'";
            using var reader = cmd.ExecuteReader();
            reader.Read();
            Assert.Equal(Batches * PerBatch, reader.GetInt64(0));
            Assert.Equal(Batches * PerBatch, reader.GetInt64(1));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
