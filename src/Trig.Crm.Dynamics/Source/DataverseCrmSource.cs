using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Trig.Crm.Dynamics.Http;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.Dynamics.Source;

/// <summary>
/// Pulls accounts (organisations) and contacts (people) from Dataverse. Incremental pulls use change tracking
/// (<c>Prefer: odata.track-changes</c>, delta links stored as checkpoints, <c>$deletedEntity</c> rows deleted); an
/// expired or refused delta link falls back to a full read; a table without change tracking is read with
/// <c>$filter=modifiedon gt …</c> from a stored <c>modifiedon</c> checkpoint.
/// </summary>
// Public only because the test harness (DataverseTestHost, being moved to a shared test project) exposes it through a
// public property; make it internal once the harness does not.
public sealed class DataverseCrmSource : ICrmSource
{
    private const int OnlyChunk = 25;

    private readonly DataverseWebClient _web;
    private readonly OwnerEmailCache _owners;
    private readonly DataverseOptions _options;
    private readonly RecordMapper _mapper;
    private readonly ILogger<DataverseCrmSource> _logger;

    internal DataverseCrmSource(DataverseWebClient web, OwnerEmailCache owners, IOptions<DataverseOptions> options, ILogger<DataverseCrmSource> logger)
    {
        _web = web;
        _owners = owners;
        _options = options.Value;
        _mapper = new RecordMapper(_options);
        _logger = logger;
    }

    public string Provider => "dynamics";

    /// <summary>The checkpoint key of a table's delta link.</summary>
    public static string DeltaLinkKey(string table) => $"dataverse:{table}:deltalink";

    /// <summary>The checkpoint key of a table's last seen <c>modifiedon</c> (ISO 8601 UTC).</summary>
    public static string ModifiedOnKey(string table) => $"dataverse:{table}:modifiedon";

    /// <summary>The checkpoint key that records <c>off</c> when a table refused change tracking.</summary>
    public static string TrackingKey(string table) => $"dataverse:{table}:tracking";

    public async Task<CrmPullSummary> PullAsync(ICrmPullTarget target, CrmPullRequest request, CancellationToken cancellationToken)
    {
        var run = new PullRun(target);
        foreach (var table in DataverseTable.All)
        {
            if (request.Only is { } only)
            {
                var ids = only.Where(r => r.Kind == table.Kind).Select(r => r.Id).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
                if (ids.Length > 0)
                {
                    await ReadOnlyAsync(run, table, ids, cancellationToken);
                }
            }
            else
            {
                await PullTableAsync(run, table, request.Full, cancellationToken);
            }
        }

        return new CrmPullSummary(run.Organisations, run.People, run.Deleted, run.Requests, run.Notes);
    }

    private async Task PullTableAsync(PullRun run, DataverseTable table, bool full, CancellationToken cancellationToken)
    {
        var target = run.Target;
        var tracking = _options.UseChangeTracking && await target.GetCheckpointAsync(TrackingKey(table.LogicalName), cancellationToken) != "off";
        if (!full && tracking && await target.GetCheckpointAsync(DeltaLinkKey(table.LogicalName), cancellationToken) is { Length: > 0 } deltaLink)
        {
            try
            {
                await ReadAsync(run, table, deltaLink, ReadMode.Delta, cancellationToken);
                return;
            }
            catch (DataverseApiException ex) when (IsRefusedLink(ex))
            {
                // Delta tokens expire (7 days by default, "Version stamp associated with the client has expired"):
                // the only correct recovery is a full read, which also yields a fresh delta link.
                _logger.LogWarning("Dataverse delta link for {Table} was refused ({Error}); reading the table in full", table.LogicalName, ex.Message);
                run.Notes.Add($"{table.LogicalName}: delta link expired or invalid ({ex.Code ?? ((int)ex.Status).ToString(CultureInfo.InvariantCulture)}); did a full read.");
            }
        }
        else if (!full && !tracking && await target.GetCheckpointAsync(ModifiedOnKey(table.LogicalName), cancellationToken) is { Length: > 0 } since
            && AttributeValue.TryParseDateTime(since, out var sinceAt))
        {
            var url = $"{table.EntitySet}?$select={Select(table)}&$filter=modifiedon gt {AttributeValue.FormatDateTime(sinceAt)}&$orderby=modifiedon asc";
            await ReadAsync(run, table, url, ReadMode.ModifiedSince, cancellationToken);
            return;
        }

        var fullUrl = $"{table.EntitySet}?$select={Select(table)}";
        if (tracking)
        {
            try
            {
                await ReadAsync(run, table, fullUrl, ReadMode.TrackChanges, cancellationToken);
                return;
            }
            catch (TrackingRefusedException ex)
            {
                _logger.LogWarning("Dataverse refused change tracking on {Table} ({Error}); using modifiedon instead", table.LogicalName, ex.InnerException?.Message);
                run.Notes.Add($"{table.LogicalName}: change tracking is off for this table; pulling by modifiedon (deletions are not seen).");
                await ReadAsync(run, table, fullUrl, ReadMode.Full, cancellationToken);
                await target.SetCheckpointAsync(TrackingKey(table.LogicalName), "off", cancellationToken);
                return;
            }
        }

        await ReadAsync(run, table, fullUrl, ReadMode.Full, cancellationToken);
    }

    private async Task ReadAsync(PullRun run, DataverseTable table, string url, ReadMode mode, CancellationToken cancellationToken)
    {
        var prefer = $"odata.maxpagesize={_options.MaxPageSize},odata.include-annotations=\"*\"";
        // Microsoft's samples send the preference with the delta link too; it makes the last page carry a fresh link.
        if (mode is ReadMode.TrackChanges or ReadMode.Delta)
        {
            prefer = "odata.track-changes," + prefer;
        }

        var columns = _options.ColumnsOf(table.LogicalName);
        DateTimeOffset? maxModified = null;
        string? deltaLink = null;
        var first = true;
        for (string? next = url; next is not null;)
        {
            JsonDocument page;
            try
            {
                run.Requests++;
                page = await _web.GetPageAsync(next, prefer, $"read of {table.EntitySet}", cancellationToken);
            }
            catch (DataverseApiException ex) when (first && mode == ReadMode.TrackChanges && ex.Status == HttpStatusCode.BadRequest)
            {
                throw new TrackingRefusedException(ex);
            }

            first = false;
            using (page)
            {
                var root = page.RootElement;
                var rows = root.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Array ? v : default;
                if (await StorePageAsync(run, table, columns, rows, cancellationToken) is { } pageMax && (maxModified is null || pageMax > maxModified))
                {
                    maxModified = pageMax;
                }

                next = root.TryGetProperty(ODataAnnotations.NextLink, out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
                if (root.TryGetProperty(ODataAnnotations.DeltaLink, out var d) && d.ValueKind == JsonValueKind.String)
                {
                    deltaLink = d.GetString();
                }
            }
        }

        await SaveCheckpointsAsync(run, table, mode, deltaLink, maxModified, cancellationToken);
    }

    /// <summary>Upserts a page's rows and deletes its removed ones; returns the newest <c>modifiedon</c> among them.</summary>
    private async Task<DateTimeOffset?> StorePageAsync(PullRun run, DataverseTable table, IReadOnlyList<string> columns, JsonElement rows, CancellationToken cancellationToken)
    {
        DateTimeOffset? maxModified = null;
        var records = new List<CrmRecord>(rows.ValueKind == JsonValueKind.Array ? rows.GetArrayLength() : 0);
        var deleted = new List<string>();
        if (rows.ValueKind == JsonValueKind.Array)
        {
            var owners = rows.EnumerateArray().Select(RecordMapper.OwnerUserId).OfType<string>();
            run.Requests += await _owners.ResolveAsync(owners, cancellationToken);
            foreach (var row in rows.EnumerateArray())
            {
                if (RecordMapper.IsDeleted(row))
                {
                    if (row.TryGetProperty("id", out var deletedId) && deletedId.GetString() is { } gone)
                    {
                        deleted.Add(gone);
                    }

                    continue;
                }

                if (RecordMapper.Id(row, table) is not { } id)
                {
                    _logger.LogWarning("Dataverse {Table} row without {IdColumn} skipped", table.LogicalName, table.IdColumn);
                    continue;
                }

                var ownerEmail = RecordMapper.OwnerUserId(row) is { } owner && _owners.TryGet(owner, out var email) ? email : null;
                records.Add(_mapper.Map(row, table, columns, id, ownerEmail));
                if (RecordMapper.ModifiedOn(row) is { } modified && (maxModified is null || modified > maxModified))
                {
                    maxModified = modified;
                }
            }
        }

        if (records.Count > 0)
        {
            await run.Target.UpsertAsync(records, cancellationToken);
            run.Count(table.Kind, records.Count);
        }

        if (deleted.Count > 0)
        {
            await run.Target.DeleteAsync(table.Kind, deleted, cancellationToken);
            run.Deleted += deleted.Count;
        }

        return maxModified;
    }

    private static async Task SaveCheckpointsAsync(
        PullRun run, DataverseTable table, ReadMode mode, string? deltaLink, DateTimeOffset? maxModified, CancellationToken cancellationToken)
    {
        if (mode is ReadMode.TrackChanges or ReadMode.Delta)
        {
            if (deltaLink is not null)
            {
                await run.Target.SetCheckpointAsync(DeltaLinkKey(table.LogicalName), deltaLink, cancellationToken);
            }
            else
            {
                run.Notes.Add($"{table.LogicalName}: Dataverse returned no delta link; the next pull reads in full.");
            }
        }

        // Kept in every mode, so a switch to modifiedon reads (tracking turned off) starts from where this read ended.
        if (maxModified is { } m)
        {
            var previous = await run.Target.GetCheckpointAsync(ModifiedOnKey(table.LogicalName), cancellationToken);
            if (previous is null || !AttributeValue.TryParseDateTime(previous, out var p) || m > p)
            {
                await run.Target.SetCheckpointAsync(ModifiedOnKey(table.LogicalName), AttributeValue.FormatDateTime(m), cancellationToken);
            }
        }
    }

    private async Task ReadOnlyAsync(PullRun run, DataverseTable table, string[] ids, CancellationToken cancellationToken)
    {
        var valid = new List<string>();
        foreach (var id in ids)
        {
            if (Guid.TryParse(id, out var guid))
            {
                valid.Add(guid.ToString("D"));
            }
            else
            {
                run.Notes.Add($"{table.LogicalName}: '{id}' is not a Dataverse id; skipped.");
            }
        }

        foreach (var chunk in valid.Chunk(OnlyChunk))
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var collector = new CollectingTarget(run.Target, seen);
            var chunkRun = new PullRun(collector);
            await ReadAsync(chunkRun, table, $"{table.EntitySet}?$select={Select(table)}&$filter={table.IdFilter(chunk)}", ReadMode.Only, cancellationToken);
            run.Absorb(chunkRun);

            // Asked for by id and not returned: the record was deleted (or is no longer visible to Trig).
            var gone = chunk.Where(id => !seen.Contains(id)).ToArray();
            if (gone.Length > 0)
            {
                await run.Target.DeleteAsync(table.Kind, gone, cancellationToken);
                run.Deleted += gone.Length;
            }
        }
    }

    private string Select(DataverseTable table)
    {
        // The owner, the parent account and modifiedon are read for OwnerEmail, OrganisationId and checkpoints even
        // when they are not configured as attributes.
        var columns = _options.ColumnsOf(table.LogicalName).ToList();
        foreach (var needed in table.Kind == EntityKind.Person ? (string[])["_ownerid_value", "_parentcustomerid_value", "modifiedon"] : ["_ownerid_value", "modifiedon"])
        {
            if (!columns.Contains(needed))
            {
                columns.Add(needed);
            }
        }

        return string.Join(',', columns);
    }

    private static bool IsRefusedLink(DataverseApiException ex) =>
        ex.Status is HttpStatusCode.BadRequest or HttpStatusCode.Gone or HttpStatusCode.NotFound or HttpStatusCode.PreconditionFailed
            or HttpStatusCode.UnprocessableEntity;

    private enum ReadMode
    {
        Full,
        TrackChanges,
        Delta,
        ModifiedSince,
        Only,
    }

    private sealed class TrackingRefusedException(DataverseApiException inner) : Exception(inner.Message, inner);

    private sealed class PullRun(ICrmPullTarget target)
    {
        public ICrmPullTarget Target { get; } = target;

        public int Organisations { get; private set; }

        public int People { get; private set; }

        public int Deleted { get; set; }

        public int Requests { get; set; }

        public List<string> Notes { get; } = [];

        public void Count(EntityKind kind, int n)
        {
            if (kind == EntityKind.Organisation)
            {
                Organisations += n;
            }
            else
            {
                People += n;
            }
        }

        public void Absorb(PullRun other)
        {
            Organisations += other.Organisations;
            People += other.People;
            Deleted += other.Deleted;
            Requests += other.Requests;
            Notes.AddRange(other.Notes);
        }
    }

    /// <summary>Passes writes through and remembers which ids came back, for targeted reads.</summary>
    private sealed class CollectingTarget(ICrmPullTarget inner, HashSet<string> seen) : ICrmPullTarget
    {
        public Task UpsertAsync(IReadOnlyList<CrmRecord> records, CancellationToken cancellationToken)
        {
            foreach (var record in records)
            {
                seen.Add(record.Id);
            }

            return inner.UpsertAsync(records, cancellationToken);
        }

        public Task DeleteAsync(EntityKind kind, IReadOnlyList<string> ids, CancellationToken cancellationToken) => inner.DeleteAsync(kind, ids, cancellationToken);

        public Task<string?> GetCheckpointAsync(string key, CancellationToken cancellationToken) => inner.GetCheckpointAsync(key, cancellationToken);

        // A targeted read must not move the scan's checkpoints.
        public Task SetCheckpointAsync(string key, string value, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
