using System.Collections.Immutable;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Trig.Crm.Ingest.Csv;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Store.Sqlite;

namespace Trig.Crm.Ingest.Tests.Csv;

public sealed class CsvImporterTests : IAsyncLifetime
{
    private static readonly AttributeSchema Schema = new(
        ImmutableDictionary<string, ValueKind>.Empty.Add("seats", ValueKind.Number).Add("code", ValueKind.String).Add("renewal", ValueKind.DateTime).Add("active", ValueKind.Bool),
        ImmutableDictionary<string, ValueKind>.Empty.Add("logins", ValueKind.Number),
        ["login"]);

    private readonly string _db = Path.Combine(Path.GetTempPath(), "trig-csv-" + Guid.NewGuid().ToString("N")[..12] + ".db");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 1, 9, 0, 0, TimeSpan.Zero));
    private SqliteStore _store = null!;
    private CsvImporter _importer = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteStore($"Data Source={_db}", _time);
        await _store.MigrateAsync(default);
        _importer = new CsvImporter(_store, _time);
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_db);
        return Task.CompletedTask;
    }

    private Task<ImportReport> ImportAsync(ImportKind kind, string csv, bool skipBad = false) =>
        _importer.ImportAsync(kind, "f.csv", new StringReader(csv), Schema, skipBad, null, default);

    private long Count(string sql)
    {
        using var c = new SqliteConnection($"Data Source={_db};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return (long)cmd.ExecuteScalar()!;
    }

    [Fact]
    public async Task Organisations_TypedBySchemaElseInferred()
    {
        var r = await ImportAsync(ImportKind.Organisations, "id,name,seats,code,renewal,active,score\no1,Acme,25,00123,2026-09-01T00:00:00Z,true,4.5\n");

        Assert.True(r.Applied);
        Assert.Equal(1, r.Imported);
        var o = (await _store.LoadEntityAsync(EntityKind.Organisation, "o1", default))!;
        Assert.Equal(AttributeValue.Of(25), o.Attributes["seats"]);
        Assert.Equal(AttributeValue.Of("00123"), o.Attributes["code"]); // declared string: not read as a number
        Assert.Equal(AttributeValue.Of(new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero)), o.Attributes["renewal"]);
        Assert.Equal(AttributeValue.Of(true), o.Attributes["active"]);
        Assert.Equal(AttributeValue.Of(4.5), o.Attributes["score"]); // undeclared: inferred
        Assert.Equal(AttributeValue.Of("Acme"), o.Attributes["name"]);
    }

    [Fact]
    public async Task Organisations_EmptyCell_RemovesTheAttribute()
    {
        await ImportAsync(ImportKind.Organisations, "id,name,seats\no1,Acme,25\n");
        await ImportAsync(ImportKind.Organisations, "id,name,seats\no1,Acme,\n");

        Assert.False((await _store.LoadEntityAsync(EntityKind.Organisation, "o1", default))!.Attributes.ContainsKey("seats"));
    }

    [Fact]
    public async Task BadLines_NothingImported_ErrorsCarryLineNumbers()
    {
        var r = await ImportAsync(ImportKind.Organisations, "id,seats,active\no1,10,true\no2,ten,true\n\"o3\nstill o3\",5\no4,4,maybe\n");

        Assert.False(r.Applied);
        Assert.Equal(0, r.Imported);
        Assert.Equal(3, r.Skipped);
        Assert.Equal(
        [
            "f.csv:3:2: 'seats' is declared number, but the value is 'ten'",
            "f.csv:4:1: expected 3 fields, found 2",
            "f.csv:6:3: 'active' is declared bool, but the value is 'maybe'",
        ], r.Errors);
        Assert.Equal(0, Count("SELECT COUNT(*) FROM entities"));
    }

    [Fact]
    public async Task SkipBad_ImportsGoodLinesOnly_AndReportsTheBadOnes()
    {
        var r = await ImportAsync(ImportKind.Organisations, "id,name,seats\no1,Acme,10\no2,Beta,ten\no3,Gamma,3\n", skipBad: true);

        Assert.True(r.Applied);
        Assert.Equal(2, r.Imported);
        Assert.Equal(1, r.Skipped);
        Assert.Equal(["f.csv:3:3: 'seats' is declared number, but the value is 'ten'"], r.Errors);
        Assert.NotNull(await _store.LoadEntityAsync(EntityKind.Organisation, "o1", default));
        Assert.Null(await _store.LoadEntityAsync(EntityKind.Organisation, "o2", default)); // not imported in part
        Assert.NotNull(await _store.LoadEntityAsync(EntityKind.Organisation, "o3", default));
    }

    [Fact]
    public async Task Header_WrongColumns_RefusedAtLineOne()
    {
        var r = await ImportAsync(ImportKind.People, "id,org,logins\np1,o1,3\n");

        Assert.False(r.Applied);
        Assert.Single(r.Errors);
        Assert.StartsWith("f.csv:1:4: expected column 2 to be 'organisation_id'", r.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task People_LinkedToOrganisation_OwnerEmailKept()
    {
        await ImportAsync(ImportKind.Organisations, "id,name\no1,Acme\n");
        var r = await ImportAsync(ImportKind.People, "id,organisation_id,logins,owner_email\np1,o1,3,csm@example.com\np2,,1,\n");

        Assert.True(r.Applied);
        var p1 = (await _store.LoadEntityAsync(EntityKind.Person, "p1", default))!;
        Assert.Equal("o1", p1.OrganisationId);
        Assert.Equal("csm@example.com", p1.OwnerEmail);
        Assert.Equal(AttributeValue.Of(3), p1.Attributes["logins"]);
        Assert.Null((await _store.LoadEntityAsync(EntityKind.Person, "p2", default))!.OrganisationId);
    }

    [Fact]
    public async Task Events_ReimportingTheSameFile_AddsNothing_IdenticalRowsStillCount()
    {
        const string csv = "entity,id,event,timestamp,plan\nperson,p1,login,2026-04-01T10:00:00Z,pro\nperson,p1,login,2026-04-01T10:00:00Z,pro\norganisation,o1,login,2026-04-02T10:00:00Z,\n";

        var first = await ImportAsync(ImportKind.Events, csv);
        var second = await ImportAsync(ImportKind.Events, csv);

        Assert.Equal(3, first.Imported);
        Assert.Equal(0, second.Imported);
        Assert.True(second.Applied);
        Assert.Equal(3, Count("SELECT COUNT(*) FROM events"));
        Assert.Equal(2, Count("SELECT COUNT(*) FROM events WHERE entity_id = 'p1' AND properties = '{\"plan\":\"pro\"}'"));
        Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds(), Count("SELECT MIN(received_at) FROM events"));
    }

    [Fact]
    public async Task Events_BadEntityOrTimestamp_ReportedByColumn()
    {
        var r = await ImportAsync(ImportKind.Events, "entity,id,event,timestamp\nteam,t1,login,2026-04-01T10:00:00Z\nperson,p1,login,last tuesday\nperson,,,2026-04-01\n");

        Assert.False(r.Applied);
        Assert.Equal(
        [
            "f.csv:2:1: entity must be organisation or person, not 'team'",
            "f.csv:3:4: bad timestamp 'last tuesday' (use ISO 8601, e.g. 2026-11-01T09:30:00Z)",
            "f.csv:4:2: missing id",
            "f.csv:4:3: missing event name",
        ], r.Errors);
        Assert.Equal(0, Count("SELECT COUNT(*) FROM events"));
    }

    [Fact]
    public async Task Quoting_CommasQuotesLineBreaksAndCrLf_AreRead()
    {
        var r = await ImportAsync(ImportKind.Organisations, "id,name,note\r\no1,\"Globex, Inc.\",\"say \"\"hi\"\"\nthere\"\r\n\r\no2,Beta,x\r\n");

        Assert.True(r.Applied, string.Join('\n', r.Errors));
        Assert.Equal(2, r.Imported);
        var o1 = (await _store.LoadEntityAsync(EntityKind.Organisation, "o1", default))!;
        Assert.Equal(AttributeValue.Of("Globex, Inc."), o1.Attributes["name"]);
        Assert.Equal(AttributeValue.Of("say \"hi\"\nthere"), o1.Attributes["note"]);
    }

    [Fact]
    public async Task UnterminatedQuote_IsReportedAtItsLine()
    {
        var r = await ImportAsync(ImportKind.Organisations, "id,name\no1,Acme\no2,\"Beta\n");

        Assert.False(r.Applied);
        Assert.Equal(["f.csv:3: unterminated quoted field"], r.Errors);
    }

    [Fact]
    public async Task NonFiniteNumbers_AreRefused_DeclaredOrNot()
    {
        var r = await ImportAsync(ImportKind.Organisations, "id,seats,score\no1,1e400,1\no2,1,-1e400\n");

        Assert.Equal(
        [
            "f.csv:2:2: 'seats' is declared number, but the value is '1e400' (not finite)",
            "f.csv:3:3: 'score' is not finite: '-1e400'",
        ], r.Errors);
    }

    [Fact]
    public async Task DatesThatAreNotIso8601_AreRefused()
    {
        var r = await ImportAsync(ImportKind.Organisations, "id,renewal\no1,11/30/2026\no2,253402300800000\n");
        var e = await ImportAsync(ImportKind.Events, "entity,id,event,timestamp\nperson,p1,login,11/30/2026\n");

        Assert.Equal(
        [
            "f.csv:2:2: 'renewal' is declared datetime, but the value is '11/30/2026'",
            "f.csv:3:2: 'renewal' is declared datetime, but the value is '253402300800000' (out of range)",
        ], r.Errors);
        Assert.Equal(["f.csv:2:4: bad timestamp '11/30/2026' (use ISO 8601, e.g. 2026-11-01T09:30:00Z)"], e.Errors);
    }

    [Fact]
    public async Task ImportFiles_GoodOrganisationsBadPeople_ImportsNothingFromEitherFile()
    {
        var dir = Directory.CreateTempSubdirectory("trig-csv-files-");
        try
        {
            var orgs = Path.Combine(dir.FullName, "good.csv");
            var people = Path.Combine(dir.FullName, "bad.csv");
            await File.WriteAllTextAsync(orgs, "id,seats\nacme,20\nbeta,3\n");
            await File.WriteAllTextAsync(people, "id,organisation_id,logins\nann,acme,4\nbob,acme,many\n");
            List<ImportFile> files = [new(ImportKind.Organisations, orgs), new(ImportKind.People, people)];

            var strict = await _importer.ImportAsync(files, Schema, skipBad: false, null, default);

            Assert.All(strict, r => Assert.False(r.Applied));
            Assert.Empty(strict[0].Errors);
            Assert.Contains("bad.csv:3:3: 'logins' is declared number, but the value is 'many'", strict[1].Errors);
            Assert.Equal(0, Count("SELECT COUNT(*) FROM entities"));

            var lenient = await _importer.ImportAsync(files, Schema, skipBad: true, null, default);

            Assert.All(lenient, r => Assert.True(r.Applied));
            Assert.Equal([2, 1], lenient.Select(r => r.Imported));
            Assert.Equal(3, Count("SELECT COUNT(*) FROM entities"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
