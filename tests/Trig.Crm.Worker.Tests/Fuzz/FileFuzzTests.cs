using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Ingest.Csv;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Store;
using Trig.Crm.Testing;
using Trig.Crm.Testing.Hostile;
using Trig.Crm.Testing.Stores;
using Trig.Crm.Worker.Hosting;
using Xunit.Abstractions;

namespace Trig.Crm.Worker.Tests.Fuzz;

/// <summary>
/// Generated hostile variants of every file input: definition YAML (the sample lifecycle, edited at random) and
/// the three CSV imports. Each gives success or errors located as <c>file:line[:col]: message</c>, never an
/// exception; a refused import stores nothing; a declared number that is not finite is never imported.
/// </summary>
public sealed partial class FileFuzzTests(ITestOutputHelper output)
{
    private const int YamlInputs = 160;

    private const int CsvInputsPerKind = 60;

    private static readonly string[] YamlTokens =
    [
        "[", "]", "{", "}", "&a ", "*a", "*nowhere", "!!binary ", "!custom ", "? ", ": ", "- ", "\t", "\0", "\uD800", "'", "\"", "#",
        "99999999999999d", "1e400", "NaN", "-5d", "\n  - key: x\n", "%YAML 1.1\n", "---\n", "...\n", "<<: *a\n", "|\n", ">-\n",
        new string('[', 200), new string('{', 80), "key: " + new string('x', 5000), "time_limit: 36501d", "\r\n", "\uFEFF",
        "arr > 1e400", "(((((", "within NaN days", "> 99999999999999 days ago", HostileYaml.AliasBomb,
    ];

    private static readonly string[] CsvTokens =
    [
        ",", "\"", "\"\"", "\n", "\r\n", "1e400", "-1e400", "NaN", "Infinity", "11/30/2026", "Monday", "09:30", "253402300800000",
        "-62135596800001", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "\0", "\uD800", "\uFEFF", new string('x', 10_000), ";;;",
        "org-1", "person", "organisation", "team", "", " ", "true", "maybe", "9223372036854775808",
    ];

    [Fact]
    public void DefinitionYaml_HostileVariants_LoadOrGiveLocatedErrors()
    {
        var random = FuzzSeed.For("yaml");
        var sample = RepoPaths.SampleLifecycleFiles();
        var failures = new List<string>();
        int refused = 0, loaded = 0;
        for (var i = 0; i < YamlInputs; i++)
        {
            var target = random.Next(sample.Count);
            var files = sample.Select((f, n) => n == target ? (f.File, TextMutator.Mutate(random, f.Content, YamlTokens, random.Next(1, 5))) : f).ToList();
            var tag = FuzzSeed.Tag("yaml", i) + " " + Path.GetFileName(sample[target].File);
            try
            {
                var result = DefinitionLoader.Load(files);
                var names = files.Select(f => f.File).ToHashSet(StringComparer.Ordinal);
                foreach (var d in result.Diagnostics.Where(d => !names.Contains(d.Location.File) || d.Location.Line < 1 || d.Location.Column < 1 || string.IsNullOrWhiteSpace(d.Message)))
                {
                    failures.Add($"{tag}: diagnostic without a place in a file: {d}");
                }

                if (result.Set is null)
                {
                    refused++;
                }
                else
                {
                    loaded++;
                }
            }
            catch (Exception ex)
            {
                failures.Add($"{tag}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        output.WriteLine($"{YamlInputs} YAML variants: {refused} refused with located errors, {loaded} loaded, {failures.Count} failures");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.True(refused > YamlInputs / 2, $"only {refused} variants were refused: the edits are too mild to test anything");
    }

    [Theory]
    [InlineData(ImportKind.Organisations, "id,name,arr,lifecyclestage,created\norg-1,Acme,1200,customer,2026-11-01T09:00:00Z\norg-2,\"Globex, Inc.\",3600,lead,2026-11-12\n")]
    [InlineData(ImportKind.People, "id,organisation_id,email,firstname,logins\np-1,org-1,jo@acme.example,Jo,14\np-2,org-1,lee@acme.example,Lee,2\n")]
    [InlineData(ImportKind.Events, "entity,id,event,timestamp,source\norganisation,org-1,login,2026-11-20T08:59:00Z,web\norganisation,org-1,login,1763629140000,api\n")]
    public async Task CsvImport_HostileVariants_ImportOrGiveLineErrors_RefusedStoreNothing(ImportKind kind, string valid)
    {
        using var store = new TempStore("fuzz-csv-" + kind);
        using var host = TrigHost.BuildCli([store.Arg, $"--Trig:Definitions:Path={WriteDefinitions(store.Directory)}"]);
        await host.Services.GetRequiredService<ITrigStore>().MigrateAsync(default);
        var schema = host.Services.GetRequiredService<DefinitionCatalog>().Require().Schema;
        var importer = host.Services.GetRequiredService<CsvImporter>();
        var target = "csv-" + kind;
        var random = FuzzSeed.For(target);
        var failures = new List<string>();
        int imported = 0, refused = 0;
        for (var i = 0; i < CsvInputsPerKind; i++)
        {
            var text = TextMutator.Mutate(random, valid, CsvTokens, random.Next(1, 5));
            var path = Path.Combine(store.Directory, $"input-{i}.csv");
            var bytes = Encoding.UTF8.GetBytes(text);
            if (random.Next(8) == 0)
            {
                bytes = [.. bytes.Take(bytes.Length / 2), 0xFF, 0xC3, 0x28, .. bytes.Skip(bytes.Length / 2)];
            }

            await File.WriteAllBytesAsync(path, bytes);
            var skipBad = random.Next(4) == 0;
            var tag = $"{FuzzSeed.Tag(target, i)} {Shorten(text)}";
            var before = StoreFootprint.Of(store.DbPath);
            try
            {
                var report = await importer.ImportAsync(kind, path, schema, skipBad, null, default);
                failures.AddRange(report.Errors.Where(e => !LineError().IsMatch(e)).Select(e => $"{tag}: error without a line: {e}"));
                if (!report.Applied && StoreFootprint.Of(store.DbPath) != before)
                {
                    failures.Add($"{tag}: refused but the store changed");
                }

                if (report.Applied && kind == ImportKind.Organisations && NonFiniteArr(store.DbPath))
                {
                    failures.Add($"{tag}: a non-finite arr was imported");
                }

                (report.Applied ? ref imported : ref refused)++;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                failures.Add($"{tag}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        output.WriteLine($"{CsvInputsPerKind} {kind} CSV variants: {imported} imported, {refused} refused, {failures.Count} failures");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.True(refused > 0, "no variant was refused: the edits are too mild to test anything");
    }

    private static string WriteDefinitions(string dir)
    {
        var folder = Path.Combine(dir, "lifecycle");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "defs.yaml"), """
            schema:
              organisation: { name: string, arr: number, lifecyclestage: string, created: datetime }
              person: { email: string, firstname: string, logins: number }
              events: [ login ]
            cohorts:
              - key: paying
                criteria: [ arr > 0 ]
            """);
        return folder;
    }

    private static bool NonFiniteArr(string dbPath)
    {
        using var c = new SqliteConnection($"Data Source={dbPath};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT value FROM attributes WHERE name = 'arr'";
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            var text = Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) ?? "";
            if (text.Contains("Infinity", StringComparison.OrdinalIgnoreCase) || text.Contains("NaN", StringComparison.Ordinal) || text.Contains('∞', StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string Shorten(string s) => (s.Length <= 160 ? s : s[..160] + "…").Replace("\n", "\\n", StringComparison.Ordinal);

    [GeneratedRegex(@"^.+:\d+(:\d+)?: \S")]
    private static partial Regex LineError();
}
