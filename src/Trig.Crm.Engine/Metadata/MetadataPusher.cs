using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Lifecycle.Metadata;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Engine.Telemetry;
using Trig.Crm.Store;

namespace Trig.Crm.Engine.Metadata;

/// <summary>
/// Provisions metadata properties when the definitions change and pushes only the values that differ from what
/// was last pushed to this CRM (zero changes → zero requests).
/// </summary>
public sealed class MetadataPusher(ICrmMetadataSink sink, ITrigStore store, EngineMetrics metrics, TimeProvider time, ILogger<MetadataPusher> logger)
{
    public string Provider => sink.Provider;

    /// <summary>Provisions once per definitions version (and always when <paramref name="force"/>).</summary>
    public async Task<ProvisionResult?> ProvisionAsync(DefinitionSet set, bool force, CancellationToken ct)
    {
        var key = $"provisioned:{sink.Provider}";
        if (!force && await store.GetCheckpointAsync(key, ct) == set.Version)
        {
            return null;
        }

        var result = await sink.ProvisionAsync(MetadataProjector.Properties(set, sink.WantsCardSummary), ct);
        await store.SetCheckpointAsync(key, set.Version, ct);
        if (result.Created.Count > 0)
        {
            logger.LogInformation("Provisioned {Count} new {Provider} properties", result.Created.Count, sink.Provider);
        }

        return result;
    }

    /// <summary>The changes to push for these units: desired metadata minus what was last pushed.</summary>
    public async Task<List<MetadataChange>> DiffAsync(
        DefinitionSet set,
        IEnumerable<EvaluationUnit> units,
        Func<EntityState, Task<string?>>? summary,
        CancellationToken ct)
    {
        var list = units as IReadOnlyCollection<EvaluationUnit> ?? [.. units];
        var pushed = await store.LoadPushedAsync(sink.Provider, [.. list.SelectMany(u => u.Entities).Select(e => (e.Kind, e.Id))], ct);
        var changes = new List<MetadataChange>();
        foreach (var unit in list)
        {
            foreach (var e in unit.Entities)
            {
                var desired = MetadataProjector.Desired(set, e);
                if (summary is not null && sink.WantsCardSummary && desired.Count > 0)
                {
                    desired[MetadataNames.Summary] = await summary(e);
                }

                foreach (var (name, value) in desired)
                {
                    var had = pushed.TryGetValue((e.Kind, e.Id, name), out var old);
                    if ((!had && value is not null) || (had && old != value && !(name == MetadataNames.Summary && SameSummary(old, value))))
                    {
                        changes.Add(new MetadataChange(e.Kind, e.Id, name, value));
                    }
                }
            }
        }

        return changes;
    }

    /// <summary>
    /// Whether two card summaries differ only in what moves with the clock (<c>asOf</c>, <c>evaluatedAt</c>, <c>stage.daysInStage</c>):
    /// rewriting every summary on every cycle just because time passed would make an idle cycle write to every record.
    /// </summary>
    internal static bool SameSummary(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return false;
        }

        try
        {
            return Stable(a) == Stable(b);
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }

        static string Stable(string json)
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
            node.Remove("asOf");
            node.Remove("evaluatedAt");
            if (node["stage"] is System.Text.Json.Nodes.JsonObject stage)
            {
                stage.Remove("daysInStage");
            }

            return node.ToJsonString();
        }
    }

    /// <summary>
    /// Journal rows older than this are dropped: a push left unconfirmed by a crash is resolved by the next cycle that
    /// pushes the same records, long before.
    /// </summary>
    internal static readonly TimeSpan JournalExpiry = TimeSpan.FromDays(1);

    /// <summary>
    /// Pushes changes and records what the CRM accepted (and what it dropped as deleted). The push is journaled while
    /// in flight; values a crashed push may already have written are read back from the CRM first and not sent again.
    /// </summary>
    public async Task<PushResult> PushAsync(IReadOnlyList<MetadataChange> changes, CancellationToken ct)
    {
        if (changes.Count == 0)
        {
            return PushResult.Empty;
        }

        var (send, landed) = await ReadBackAsync(changes, ct);
        if (landed.Count > 0)
        {
            await store.RecordPushedAsync(sink.Provider, landed, time.GetUtcNow(), ct);
            logger.LogInformation("{Count} {Provider} values an interrupted push had already written were found there and not sent again", landed.Count, sink.Provider);
        }

        if (send.Count == 0)
        {
            return new PushResult(landed, [], [], 0, []);
        }

        var journal = await store.BeginPushAsync(sink.Provider, send, time.GetUtcNow(), ct);
        PushResult result;
        try
        {
            result = await sink.PushAsync(send, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The journal row stays: part of this push may have reached the CRM, so the next push reads it back.
            metrics.MetadataPushed(sink.Provider, 0, send.Count);
            throw;
        }

        metrics.MetadataPushed(sink.Provider, result.Written.Count, result.Failed.Count);
        await store.RecordPushedAsync(sink.Provider, [.. result.Written, .. result.Dropped], time.GetUtcNow(), ct);
        await store.EndPushAsync(journal, ct);
        foreach (var f in result.Failed.Where(f => !f.Transient).Take(20))
        {
            logger.LogWarning("{Provider} refused {Name} on {Kind} {Id}: {Reason}", sink.Provider, f.Change.Name, f.Change.Kind, f.Change.EntityId, f.Reason);
        }

        return landed.Count == 0 ? result : result with { Written = [.. landed, .. result.Written] };
    }

    /// <summary>
    /// Splits the changes into those to send and those an unfinished (journaled, never confirmed) push already wrote:
    /// the CRM is asked for the values of the changes such a push carried, and what it holds is not sent again.
    /// </summary>
    private async Task<(List<MetadataChange> Send, List<MetadataChange> Landed)> ReadBackAsync(IReadOnlyList<MetadataChange> changes, CancellationToken ct)
    {
        if (sink is not ICrmMetadataReader reader)
        {
            return ([.. changes], []);
        }

        var unfinished = await store.LoadUnfinishedPushesAsync(sink.Provider, time.GetUtcNow() - JournalExpiry, ct);
        var uncertain = changes.Where(c => unfinished.TryGetValue((c.Kind, c.EntityId, c.Name), out var v) && v == c.Value).ToList();
        if (uncertain.Count == 0)
        {
            return ([.. changes], []);
        }

        var held = (await reader.ReadAsync(uncertain, ct)).ToDictionary(h => (h.Kind, h.EntityId, h.Name), h => h.Value);
        var landed = uncertain.Where(c => held.TryGetValue((c.Kind, c.EntityId, c.Name), out var v) && SameValue(v, c.Value)).ToHashSet();
        return ([.. changes.Where(c => !landed.Contains(c))], [.. landed]);
    }

    /// <summary>Whether the CRM's value is the one sent: HubSpot answers an empty string for a cleared value, and may format numbers and instants its own way.</summary>
    internal static bool SameValue(string? held, string? sent)
    {
        if (string.IsNullOrEmpty(held) || string.IsNullOrEmpty(sent))
        {
            return string.IsNullOrEmpty(held) && string.IsNullOrEmpty(sent);
        }

        if (held == sent)
        {
            return true;
        }

        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        if (DateTimeOffset.TryParse(held, invariant, System.Globalization.DateTimeStyles.AssumeUniversal, out var a)
            && DateTimeOffset.TryParse(sent, invariant, System.Globalization.DateTimeStyles.AssumeUniversal, out var b))
        {
            return a == b;
        }

        return double.TryParse(held, System.Globalization.NumberStyles.Float, invariant, out var x)
            && double.TryParse(sent, System.Globalization.NumberStyles.Float, invariant, out var y) && x.Equals(y);
    }
}
