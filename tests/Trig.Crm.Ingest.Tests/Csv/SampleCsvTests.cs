using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Trig.Crm.Ingest.Csv;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Testing;
using Trig.Crm.Testing.Stores;

namespace Trig.Crm.Ingest.Tests.Csv;

/// <summary>The sample CSV files (samples/csv, one per import kind) import cleanly against the sample lifecycle's schema.</summary>
public sealed class SampleCsvTests
{
    [Fact]
    public async Task SampleFiles_ImportEveryRowWithNoError_TypedByTheSampleSchema()
    {
        var loaded = DefinitionLoader.Load(RepoPaths.SampleLifecycleFiles());
        var schema = (loaded.Set ?? throw new InvalidOperationException(string.Join("; ", loaded.Diagnostics))).Schema;
        using var store = await TempStore.CreateAsync("sample-csv");
        var importer = new CsvImporter(store.Store, new FakeTimeProvider(TempStore.DefaultStart));

        foreach (var (kind, file) in new[] { (ImportKind.Organisations, "organisations.csv"), (ImportKind.People, "people.csv"), (ImportKind.Events, "events.csv") })
        {
            var path = Path.Combine(RepoPaths.Root, "samples", "csv", file);
            var rows = File.ReadAllLines(path).Count(l => l.Length > 0) - 1;

            var report = await importer.ImportAsync(kind, path, schema, skipBad: false, null, default);

            Assert.True(report.Applied && report.Errors.Count == 0, $"{file}: {string.Join("; ", report.Errors)}");
            Assert.Equal((rows, rows), (report.Rows, report.Imported));
        }

        var acme = (await store.Store.LoadEntityAsync(EntityKind.Organisation, "org-1001", default))!;
        Assert.Equal(ValueKind.DateTime, acme.Attributes["renewal_date"].Kind);
        Assert.Equal(AttributeValue.Of(true), acme.Attributes["setup_completed"]);
        Assert.Equal("org-1001", (await store.Store.LoadEntityAsync(EntityKind.Person, "p-1002", default))!.OrganisationId);
        SqliteConnection.ClearAllPools();
    }
}
