using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Refit;
using Trig.Crm.Dynamics.Api;
using Trig.Crm.Dynamics.Http;
using Trig.Crm.Dynamics.Source;
using Trig.Crm.Lifecycle.Metadata;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.Dynamics.Sink;

/// <summary>
/// Writes Trig metadata to account and contact columns: provisions missing columns in the configured solution (one
/// PublishXml for all new ones), and pushes changes as one PATCH per record inside <c>$batch</c> requests with
/// <c>Prefer: odata.continue-on-error</c>, classifying every part's outcome. Reads the columns back for a push a crash
/// left unconfirmed (<c>DataverseMetadataSink.ReadBack.cs</c>).
/// </summary>
// Public only because the test harness (DataverseTestHost, being moved to a shared test project) exposes it through a
// public property; make it internal once the harness does not.
public sealed partial class DataverseMetadataSink : ICrmMetadataSink
{
    /// <summary>Dataverse's limit on logical name length; longer names are shortened by <see cref="MetadataNames.ToCrmName"/>.</summary>
    public const int MaxNameLength = 50;

    /// <summary>Rounds in which parts throttled inside a batch are sent again before being reported as transient.</summary>
    internal const int ThrottledPartRounds = 3;

    private static readonly HashSet<string> ServiceProtectionCodes = new(StringComparer.OrdinalIgnoreCase) { "0x80072322", "0x80072321", "0x80072326" };

    private readonly IDataverseMetadataApi _metadata;
    private readonly DataverseWebClient _web;
    private readonly ServiceProtectionGate _gate;
    private readonly DataverseOptions _options;
    private readonly ILogger<DataverseMetadataSink> _logger;
    private readonly ColumnTypeCache _types;

    internal DataverseMetadataSink(
        IDataverseMetadataApi metadata,
        DataverseWebClient web,
        ServiceProtectionGate gate,
        IOptions<DataverseOptions> options,
        ILogger<DataverseMetadataSink> logger)
    {
        _metadata = metadata;
        _web = web;
        _gate = gate;
        _options = options.Value;
        _logger = logger;
        _types = new ColumnTypeCache(metadata, _options.PublisherPrefix + "_", logger);
    }

    public string Provider => "dynamics";

    /// <summary>True: the PCF control reads the card from a <c>summary</c> memo column on the record itself.</summary>
    public bool WantsCardSummary => true;

    /// <summary>The column (logical name) a metadata name is written to: <c>{prefix}_{name}</c>, lower case, at most 50 characters.</summary>
    public string ColumnName(string metadataName) => MetadataNames.ToCrmName(_options.PublisherPrefix + "_", metadataName, MaxNameLength);

    public async Task<ProvisionResult> ProvisionAsync(IReadOnlyList<MetadataProperty> properties, CancellationToken cancellationToken)
    {
        var created = new List<string>();
        var existing = new List<string>();
        var failures = new List<string>();
        var tablesWithNewColumns = new SortedSet<string>(StringComparer.Ordinal);
        var requests = 0;
        var seen = new HashSet<(string, string)>();
        foreach (var property in properties)
        {
            var table = DataverseTable.Of(property.Kind);
            var column = ColumnName(property.Name);
            _types.Set(table.LogicalName, column, ColumnTypes.Of(property.Type));
            if (!seen.Add((table.LogicalName, column)))
            {
                continue;
            }

            requests++;
            using (var found = await _metadata.GetAttributeAsync(table.LogicalName, column, cancellationToken))
            {
                if (found.IsSuccessStatusCode)
                {
                    existing.Add(column);
                    continue;
                }

                if (found.StatusCode != HttpStatusCode.NotFound)
                {
                    failures.Add($"{table.LogicalName}.{column}: {Describe(found)}");
                    continue;
                }
            }

            requests++;
            using var create = await _metadata.CreateAttributeAsync(
                table.LogicalName, _options.SolutionUniqueName, AttributeDefinitions.Build(property, column), cancellationToken);
            if (create.IsSuccessStatusCode)
            {
                _logger.LogInformation("Created Dataverse column {Table}.{Column} ({Type}) in solution {Solution}", table.LogicalName, column, property.Type, _options.SolutionUniqueName);
                created.Add(column);
                tablesWithNewColumns.Add(table.LogicalName);
            }
            else
            {
                failures.Add($"{table.LogicalName}.{column}: {Describe(create)}");
            }
        }

        if (tablesWithNewColumns.Count > 0)
        {
            requests++;
            using var publish = await _metadata.PublishXmlAsync(AttributeDefinitions.PublishXml(tablesWithNewColumns), cancellationToken);
            if (!publish.IsSuccessStatusCode)
            {
                failures.Add($"PublishXml: {Describe(publish)}");
            }
        }

        if (failures.Count > 0)
        {
            throw new DataverseApiException($"Dataverse column provisioning failed for {string.Join("; ", failures)}");
        }

        return new ProvisionResult(created, existing, requests);
    }

    public async Task<PushResult> PushAsync(IReadOnlyList<MetadataChange> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return PushResult.Empty;
        }

        var outcome = new PushOutcome();
        var updates = new Dictionary<(DataverseTable, string), RecordUpdate>();
        foreach (var change in changes)
        {
            var table = DataverseTable.Of(change.Kind);
            if (!Guid.TryParse(change.EntityId, out var guid))
            {
                outcome.Fail(change, $"'{change.EntityId}' is not a Dataverse record id", transient: false);
                continue;
            }

            var id = guid.ToString("D");
            if (!updates.TryGetValue((table, id), out var update))
            {
                update = new RecordUpdate(table, id, new JsonObject(), []);
                updates[(table, id)] = update;
            }

            update.Changes.Add(change);
        }

        var columns = updates.Values.SelectMany(u => u.Changes.Select(c => (u.Table.LogicalName, ColumnName(c.Name)))).ToList();
        outcome.AddRequests(await _types.EnsureAsync(columns, cancellationToken));

        foreach (var update in updates.Values)
        {
            foreach (var change in update.Changes)
            {
                var column = ColumnName(change.Name);
                update.Body[column] = ColumnValues.ToJson(_types.Get(update.Table.LogicalName, column), change.Value);
            }
        }

        var throttledBefore = _gate.Throttled;
        var batches = updates.Values.Chunk(_options.MaxBatchOperations).ToArray();
        await Parallel.ForEachAsync(
            batches,
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrency, CancellationToken = cancellationToken },
            async (batch, ct) => await SendAsync(batch, outcome, ct));

        var throttled = _gate.Throttled - throttledBefore;
        if (throttled > 0)
        {
            outcome.Notes.Add($"Dataverse throttled {throttled} request(s); waited the full Retry-After each time.");
        }

        return outcome.ToResult();
    }

    private async Task SendAsync(IReadOnlyList<RecordUpdate> batch, PushOutcome outcome, CancellationToken cancellationToken)
    {
        var pending = batch;
        for (var round = 1; pending.Count > 0; round++)
        {
            var throttled = new List<RecordUpdate>();
            TimeSpan? wait = null;
            var boundary = BatchRequest.NewBoundary();
            var body = BatchRequest.Build(boundary, pending);
            outcome.AddRequest();
            try
            {
                using var response = await _web.SendBatchAsync(body, boundary, cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    var error = await DataverseApiException.FromResponseAsync("$batch", response, cancellationToken);
                    var transient = IsTransient(response.StatusCode, error.Code);
                    foreach (var update in pending)
                    {
                        outcome.Fail(update, error.Message, transient);
                    }

                    return;
                }

                var responseBody = await response.Content.ReadAsStringAsync(cancellationToken);
                var parts = BatchResponseParser.Boundary(response.Content.Headers.ContentType) is { } responseBoundary
                    ? BatchResponseParser.Parse(responseBody, responseBoundary)
                    : [];
                wait = ClassifyParts(pending, parts, round, outcome, throttled);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException && !cancellationToken.IsCancellationRequested)
            {
                _logger.LogWarning(ex, "Dataverse $batch of {Count} record updates failed", pending.Count);
                foreach (var update in pending)
                {
                    outcome.Fail(update, $"$batch failed: {ex.Message}", transient: true);
                }

                return;
            }

            if (throttled.Count > 0)
            {
                // Throttled parts inside a 200 batch: wait out the limit like a throttled batch, then send them again.
                _gate.Throttle(wait!.Value);
                _logger.LogWarning("Dataverse throttled {Count} parts of a $batch; resending after {Wait}", throttled.Count, wait);
            }

            pending = throttled;
        }
    }

    /// <summary>Records each part's outcome; throttled parts go to <paramref name="throttled"/>. Returns the longest wait they asked for.</summary>
    private static TimeSpan? ClassifyParts(
        IReadOnlyList<RecordUpdate> pending, IReadOnlyList<BatchPartResult> parts, int round, PushOutcome outcome, List<RecordUpdate> throttled)
    {
        TimeSpan? wait = null;
        for (var i = 0; i < pending.Count; i++)
        {
            var update = pending[i];
            if (i >= parts.Count)
            {
                outcome.Fail(update, "Dataverse $batch response had no part for this request", transient: true);
                continue;
            }

            var part = parts[i];
            var status = (int)part.Status;
            if (status is >= 200 and < 300)
            {
                outcome.Written(update);
            }
            else if (part.Status == HttpStatusCode.NotFound)
            {
                outcome.Dropped(update);
            }
            else if ((part.Status == HttpStatusCode.TooManyRequests || (part.ErrorCode is { } c && ServiceProtectionCodes.Contains(c))) && round < ThrottledPartRounds)
            {
                throttled.Add(update);
                wait = Max(wait, part.RetryAfter ?? ServiceProtectionHandler.DefaultRetryAfter);
            }
            else
            {
                var reason = $"{status} {part.Status}{(part.ErrorCode is null ? "" : " " + part.ErrorCode)}: {part.ErrorMessage ?? "(no message)"}";
                outcome.Fail(update, reason, IsTransient(part.Status, part.ErrorCode));
            }
        }

        return wait;
    }

    private static bool IsTransient(HttpStatusCode status, string? code) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500
        || (code is not null && ServiceProtectionCodes.Contains(code));

    private static TimeSpan Max(TimeSpan? a, TimeSpan b) => a is { } x && x > b ? x : b;

    private static string Describe(IApiResponse response)
    {
        var (code, message) = ODataError.Parse((response.Error as ApiException)?.Content);
        return $"{(int?)response.StatusCode} {response.StatusCode}{(code is null ? "" : " " + code)}{(message is null ? "" : ": " + message)}";
    }

    private sealed class PushOutcome
    {
        private readonly Lock _lock = new();
        private readonly List<MetadataChange> _written = [];
        private readonly List<MetadataChange> _dropped = [];
        private readonly List<PushFailure> _failed = [];
        private int _requests;

        public List<string> Notes { get; } = [];

        public void AddRequest() => Interlocked.Increment(ref _requests);

        public void AddRequests(int count) => Interlocked.Add(ref _requests, count);

        public void Written(RecordUpdate update)
        {
            lock (_lock)
            {
                _written.AddRange(update.Changes);
            }
        }

        public void Dropped(RecordUpdate update)
        {
            lock (_lock)
            {
                _dropped.AddRange(update.Changes);
            }
        }

        public void Fail(RecordUpdate update, string reason, bool transient)
        {
            foreach (var change in update.Changes)
            {
                Fail(change, reason, transient);
            }
        }

        public void Fail(MetadataChange change, string reason, bool transient)
        {
            lock (_lock)
            {
                _failed.Add(new PushFailure(change, reason, transient));
            }
        }

        public PushResult ToResult() => new(_written, _dropped, _failed, _requests, Notes);
    }
}
