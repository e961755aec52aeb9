using System.Text.Json;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store;

namespace Trig.Crm.Ingest.Csv;

/// <summary>
/// Imports CSV into the store. Values are typed by the schema's attribute declarations, else inferred; an empty cell
/// removes the attribute. Every line of every file is checked first: with any bad line in any file nothing is imported
/// (all or nothing across the files of one import), unless skipBad, which imports the good lines and reports the bad
/// ones. Everything is then written in ONE store transaction, so a crash part-way leaves nothing either. Imported
/// entities are marked dirty so the fast path evaluates them.
/// </summary>
public sealed class CsvImporter(ITrigStore store, TimeProvider time)
{
    public async Task<ImportReport> ImportAsync(ImportKind kind, string path, AttributeSchema schema, bool skipBad, IProgress<double>? progress, CancellationToken ct) =>
        (await ImportAsync([new ImportFile(kind, path)], schema, skipBad, progress, ct))[0];

    public async Task<ImportReport> ImportAsync(ImportKind kind, string fileName, TextReader reader, AttributeSchema schema, bool skipBad, IProgress<double>? progress, CancellationToken ct)
    {
        var (report, parsed) = Parse(kind, fileName, reader, schema, skipBad, new ScaledProgress(progress, 0, 0.5));
        if (parsed is null)
        {
            return report;
        }

        var added = await store.ImportAsync(parsed.Records, parsed.Events, WriteProgress(progress, parsed.Records.Count + parsed.Events.Count), ct);
        progress?.Report(1);
        return report with { Imported = parsed.Records.Count + added, Applied = true };
    }

    /// <summary>
    /// Imports several files as one: all are checked, then written together in one transaction. One report per file,
    /// in order; a file held back because another was refused has no errors and Applied false.
    /// </summary>
    public async Task<IReadOnlyList<ImportReport>> ImportAsync(IReadOnlyList<ImportFile> files, AttributeSchema schema, bool skipBad, IProgress<double>? progress, CancellationToken ct)
    {
        var results = new List<(ImportReport Report, ParsedRows? Parsed)>();
        for (var i = 0; i < files.Count; i++)
        {
            using var reader = new StreamReader(files[i].Path);
            var share = 0.5 / files.Count;
            results.Add(Parse(files[i].Kind, System.IO.Path.GetFileName(files[i].Path), reader, schema, skipBad, new ScaledProgress(progress, i * share, share)));
        }

        var refused = results.Any(r => r.Parsed is null);
        if (refused && !skipBad)
        {
            return [.. results.Select(r => r.Report with { Imported = 0, Applied = false })];
        }

        var accepted = results.Where(r => r.Parsed is not null).Select(r => r.Parsed!).ToList();
        List<CrmRecord> records = [.. accepted.SelectMany(p => p.Records)];
        List<EventRecord> events = [.. accepted.SelectMany(p => p.Events)];
        var added = await store.ImportAsync(records, events, WriteProgress(progress, records.Count + events.Count), ct);
        progress?.Report(1);
        var eventFiles = accepted.Count(p => p.Events.Count > 0);
        return [.. results.Select(r => r.Parsed is not { } p ? r.Report : r.Report with
        {
            // New events are counted for the whole import; with one events file (the CLI's case) they are its own.
            Imported = p.Records.Count + (p.Events.Count == 0 ? 0 : eventFiles == 1 ? added : p.Events.Count),
            Applied = true,
        })];
    }

    private static RowsWrittenProgress? WriteProgress(IProgress<double>? progress, int total) =>
        progress is null ? null : new RowsWrittenProgress(new ScaledProgress(progress, 0.5, 0.5), total);

    /// <summary>
    /// Checks one file. Parsed is null when the file is refused (no header, or bad lines without skipBad); the report
    /// then says why. Nothing is written here.
    /// </summary>
    private (ImportReport Report, ParsedRows? Parsed) Parse(ImportKind kind, string fileName, TextReader reader, AttributeSchema schema, bool skipBad, IProgress<double> progress)
    {
        List<CsvRow> rows;
        try
        {
            rows = CsvRows.Read(reader);
        }
        catch (FormatException ex)
        {
            return (new ImportReport(0, 0, 0, [$"{fileName}:{ex.Message}"], false), null);
        }

        if (rows.Count == 0)
        {
            return (new ImportReport(0, 0, 0, [$"{fileName}:1:1: the file is empty (a header row is required)"], false), null);
        }

        var header = rows[0].Fields.Select(h => h.Trim()).ToArray();
        var headerErrors = CheckHeader(fileName, kind, header);
        if (headerErrors.Count > 0)
        {
            return (new ImportReport(rows.Count - 1, 0, 0, headerErrors, false), null);
        }

        var parsed = ParseRows(kind, fileName, rows, header, schema, progress);
        progress.Report(1);
        if (parsed.Errors.Count > 0 && !skipBad)
        {
            return (new ImportReport(rows.Count - 1, 0, parsed.Bad, parsed.Errors, false), null);
        }

        return (new ImportReport(rows.Count - 1, 0, parsed.Bad, parsed.Errors, false), parsed);
    }

    /// <summary>The required columns must come first, in order; no column name may appear twice.</summary>
    private static List<string> CheckHeader(string fileName, ImportKind kind, string[] header)
    {
        var errors = new List<string>();
        var required = kind switch
        {
            ImportKind.Organisations => new[] { "id" },
            ImportKind.People => ["id", "organisation_id"],
            _ => ["entity", "id", "event", "timestamp"],
        };
        for (var i = 0; i < required.Length; i++)
        {
            if (header.Length <= i || !header[i].Equals(required[i], StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{fileName}:1:{Col(header, i)}: expected column {i + 1} to be '{required[i]}' (header: {string.Join(',', required)},…)");
            }
        }

        var dup = header.GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null)
        {
            errors.Add($"{fileName}:1:{Col(header, Array.LastIndexOf(header, dup.Key))}: duplicate column '{dup.Key}'");
        }

        return errors;
    }

    /// <summary>Checks every data row (all or nothing needs them all checked before anything is written).</summary>
    private ParsedRows ParseRows(ImportKind kind, string fileName, List<CsvRow> rows, string[] header, AttributeSchema schema, IProgress<double> progress)
    {
        var parsed = new ParsedRows();
        var now = time.GetUtcNow();
        for (var r = 1; r < rows.Count; r++)
        {
            var row = rows[r];
            if (row.IsBlank)
            {
                continue;
            }

            var rowErrors = new List<string>();
            if (row.Fields.Count != header.Length)
            {
                rowErrors.Add($"{fileName}:{row.Line}:1: expected {header.Length} fields, found {row.Fields.Count}");
            }
            else if (kind == ImportKind.Events)
            {
                ParseEvent(fileName, row, header, now, parsed, rowErrors);
            }
            else
            {
                ParseRecord(fileName, kind, row, header, schema, parsed.Records, rowErrors);
            }

            if (rowErrors.Count > 0)
            {
                parsed.Bad++;
                parsed.Errors.AddRange(rowErrors);
            }

            if (r % 5000 == 0)
            {
                progress.Report((double)r / rows.Count);
            }
        }

        return parsed;
    }

    private static void ParseRecord(string file, ImportKind kind, CsvRow row, string[] header, AttributeSchema schema, List<CrmRecord> records, List<string> errors)
    {
        var entity = kind == ImportKind.Organisations ? EntityKind.Organisation : EntityKind.Person;
        var id = row.Fields[0].Trim();
        if (id.Length == 0)
        {
            errors.Add($"{file}:{row.Line}:1: missing id");
            return;
        }

        string? org = null;
        var first = 1;
        if (kind == ImportKind.People)
        {
            org = row.Fields[1].Trim();
            org = org.Length == 0 ? null : org;
            first = 2;
        }

        var attrs = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        var declared = schema.For(entity);
        var errorsBefore = errors.Count;
        for (var i = first; i < header.Length; i++)
        {
            var text = row.Fields[i];
            var hint = declared.TryGetValue(header[i], out var t) ? t : ValueKind.None;
            if (!AttributeTyper.TryType(AttributeTyper.Raw.OfText(text.Trim()), hint, out var v, out var why))
            {
                errors.Add($"{file}:{row.Line}:{i + 1}: {Refusal(header[i], hint, text, why!)}");
                continue;
            }

            attrs[header[i]] = v;
        }

        if (errors.Count > errorsBefore)
        {
            return; // a bad line is skipped whole (--skip-bad), never imported in part
        }

        records.Add(new CrmRecord(entity, id, org, attrs)
        {
            OwnerEmail = attrs.TryGetValue("owner_email", out var owner) && !owner.IsNone ? owner.ToString() : null,
        });
    }

    private static void ParseEvent(string file, CsvRow row, string[] header, DateTimeOffset now, ParsedRows parsed, List<string> errors)
    {
        var f = row.Fields;
        EntityKind? kind = f[0].Trim().ToLowerInvariant() switch
        {
            "organisation" or "organization" => EntityKind.Organisation,
            "person" => EntityKind.Person,
            _ => null,
        };
        if (kind is null)
        {
            errors.Add($"{file}:{row.Line}:1: entity must be organisation or person, not '{f[0]}'");
        }

        if (f[1].Trim().Length == 0)
        {
            errors.Add($"{file}:{row.Line}:2: missing id");
        }

        if (f[2].Trim().Length == 0)
        {
            errors.Add($"{file}:{row.Line}:3: missing event name");
        }

        if (AttributeTyper.TryParseDateTime(f[3].Trim(), out var at) is not null)
        {
            errors.Add($"{file}:{row.Line}:4: bad timestamp '{f[3]}' (use ISO 8601, e.g. 2026-11-01T09:30:00Z)");
        }

        if (errors.Count > 0 || kind is null)
        {
            return;
        }

        var props = Properties(f, header);
        // The message id makes re-importing the same file idempotent; identical rows within a file are numbered so
        // that each still counts (two logins in the same second are two logins).
        var messageId = $"csv:{kind}:{f[1].Trim()}:{f[2].Trim()}:{at.ToUnixTimeMilliseconds()}";
        var n = parsed.Seen[messageId] = parsed.Seen.GetValueOrDefault(messageId) + 1;
        messageId = n == 1 ? messageId : $"{messageId}#{n}";
        parsed.Events.Add(new EventRecord(kind.Value, f[1].Trim(), f[2].Trim(), at, now, messageId, props));
    }

    /// <summary>Columns after the fourth are event properties, kept as text; empty cells are left out.</summary>
    private static string? Properties(IReadOnlyList<string> f, string[] header)
    {
        if (header.Length <= 4)
        {
            return null;
        }

        var dict = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 4; i < header.Length; i++)
        {
            if (f[i].Length > 0)
            {
                dict[header[i]] = f[i];
            }
        }

        return JsonSerializer.Serialize(dict);
    }

    /// <summary>
    /// Why a cell was refused. A declared type keeps the message users know ("is declared number, but the value is
    /// 'ten'"), with the typer's reason when it is not a plain mismatch (1e400 is a number, but not finite).
    /// </summary>
    private static string Refusal(string column, ValueKind declared, string text, string why)
    {
        if (declared == ValueKind.None)
        {
            return $"'{column}' is {why}: '{text}'";
        }

        var reason = why is AttributeTyper.NotFinite or AttributeTyper.OutOfRange ? $" ({why})" : "";
        return $"'{column}' is declared {declared.ToString().ToLowerInvariant()}, but the value is '{text}'{reason}";
    }

    private static int Col(string[] header, int index) => 1 + header.Take(index).Sum(h => h.Length + 1);
}
