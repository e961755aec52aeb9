using System.Text.Json;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Store;

namespace Trig.Crm.Ingest.Csv;

/// <summary>
/// Imports CSV into the store. Values are typed by the schema's attribute declarations, else inferred; an empty cell
/// removes the attribute. Every line is checked first: with any bad line nothing is imported (all or nothing),
/// unless skipBad, which imports the good lines and reports the bad ones. Imported entities are marked dirty so the
/// fast path evaluates them.
/// </summary>
public sealed class CsvImporter(ITrigStore store, TimeProvider time)
{
    private const int BatchSize = 2000;

    public async Task<ImportReport> ImportAsync(ImportKind kind, string path, AttributeSchema schema, bool skipBad, IProgress<double>? progress, CancellationToken ct)
    {
        using var reader = new StreamReader(path);
        return await ImportAsync(kind, Path.GetFileName(path), reader, schema, skipBad, progress, ct);
    }

    public async Task<ImportReport> ImportAsync(ImportKind kind, string fileName, TextReader reader, AttributeSchema schema, bool skipBad, IProgress<double>? progress, CancellationToken ct)
    {
        List<CsvReader.Row> rows;
        try
        {
            rows = [.. CsvReader.Read(reader)];
        }
        catch (FormatException ex)
        {
            return new ImportReport(0, 0, 0, [$"{fileName}:{ex.Message.Replace("line ", "", StringComparison.Ordinal)}"], false);
        }

        var errors = new List<string>();
        if (rows.Count == 0)
        {
            return new ImportReport(0, 0, 0, [$"{fileName}:1:1: the file is empty (a header row is required)"], false);
        }

        var header = rows[0].Fields.Select(h => h.Trim()).ToArray();
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

        if (errors.Count > 0)
        {
            return new ImportReport(rows.Count - 1, 0, 0, errors, false);
        }

        var records = new List<CrmRecord>();
        var events = new List<EventRecord>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var bad = 0;
        for (var r = 1; r < rows.Count; r++)
        {
            var row = rows[r];
            if (row.Fields.Count == 1 && row.Fields[0].Length == 0)
            {
                continue; // blank line
            }

            var rowErrors = new List<string>();
            if (row.Fields.Count != header.Length)
            {
                rowErrors.Add($"{fileName}:{row.Line}:1: expected {header.Length} fields, found {row.Fields.Count}");
            }
            else if (kind == ImportKind.Events)
            {
                ParseEvent(fileName, row, header, now, events, seen, rowErrors);
            }
            else
            {
                ParseRecord(fileName, kind, row, header, schema, records, rowErrors);
            }

            if (rowErrors.Count > 0)
            {
                bad++;
                errors.AddRange(rowErrors);
            }

            if (r % 5000 == 0)
            {
                progress?.Report(0.5 * r / rows.Count);
            }
        }

        if (errors.Count > 0 && !skipBad)
        {
            return new ImportReport(rows.Count - 1, 0, bad, errors, false);
        }

        var total = records.Count + events.Count;
        var done = 0;
        var imported = records.Count;
        foreach (var chunk in records.Chunk(BatchSize))
        {
            await store.UpsertAsync(chunk, ct);
            done += chunk.Length;
            progress?.Report(0.5 + (0.5 * done / Math.Max(1, total)));
        }

        foreach (var chunk in events.Chunk(BatchSize))
        {
            imported += await store.AppendEventsAsync(chunk, ct);
            done += chunk.Length;
            progress?.Report(0.5 + (0.5 * done / Math.Max(1, total)));
        }

        progress?.Report(1);
        return new ImportReport(rows.Count - 1, imported, bad, errors, true);
    }

    private static void ParseRecord(string file, ImportKind kind, CsvReader.Row row, string[] header, AttributeSchema schema, List<CrmRecord> records, List<string> errors)
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
            if (!AttributeValue.TryParse(text.Trim(), hint, out var v))
            {
                errors.Add($"{file}:{row.Line}:{i + 1}: '{header[i]}' is declared {hint.ToString().ToLowerInvariant()}, but the value is '{text}'");
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

    private static void ParseEvent(string file, CsvReader.Row row, string[] header, DateTimeOffset now, List<EventRecord> events, Dictionary<string, int> seen, List<string> errors)
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

        if (!AttributeValue.TryParseDateTime(f[3].Trim(), out var at))
        {
            errors.Add($"{file}:{row.Line}:4: bad timestamp '{f[3]}' (use ISO 8601, e.g. 2026-11-01T09:30:00Z)");
        }

        if (errors.Count > 0 || kind is null)
        {
            return;
        }

        string? props = null;
        if (header.Length > 4)
        {
            var dict = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 4; i < header.Length; i++)
            {
                if (f[i].Length > 0)
                {
                    dict[header[i]] = f[i];
                }
            }

            props = JsonSerializer.Serialize(dict);
        }

        // The message id makes re-importing the same file idempotent; identical rows within a file are numbered so
        // that each still counts (two logins in the same second are two logins).
        var messageId = $"csv:{kind}:{f[1].Trim()}:{f[2].Trim()}:{at.ToUnixTimeMilliseconds()}";
        var n = seen[messageId] = seen.GetValueOrDefault(messageId) + 1;
        messageId = n == 1 ? messageId : $"{messageId}#{n}";
        events.Add(new EventRecord(kind.Value, f[1].Trim(), f[2].Trim(), at, now, messageId, props));
    }

    private static int Col(string[] header, int index) => 1 + header.Take(index).Sum(h => h.Length + 1);
}
