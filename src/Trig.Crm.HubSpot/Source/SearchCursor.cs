using System.Globalization;
using Trig.Crm.HubSpot.Api;

namespace Trig.Crm.HubSpot.Source;

/// <summary>
/// Where an incremental search is, across HubSpot's 10,000-result cap. Records come oldest first; before the cap, the
/// query restarts from the newest timestamp seen, skipping the ids already read at exactly that timestamp. When one
/// timestamp alone holds a whole query's worth of records, those are walked by id (<c>hs_object_id</c> ascending)
/// instead ("tie mode"), so nothing is skipped and nothing loops.
/// </summary>
internal sealed class SearchCursor(string timestampProperty, List<string> properties, long since)
{
    /// <summary>HubSpot search returns at most 10,000 results per query; paging past it gives 400.</summary>
    internal const int SearchCap = 10_000;

    private const int SearchLimit = 200;
    private const string ObjectIdProperty = "hs_object_id";

    private readonly HashSet<string> _idsAtMax = new(StringComparer.Ordinal);
    private string _lowerOperator = "GTE";
    private long _skipTs = long.MinValue;
    private HashSet<string> _skip = new(StringComparer.Ordinal);
    private bool _tie;
    private long _tieAfterId = long.MinValue;
    private long _tieMaxId = long.MinValue;

    /// <summary>What <see cref="Advance"/> did.</summary>
    public enum Move
    {
        Done,
        NextPage,
        Restarted,
        TieStarted,
    }

    /// <summary>The lower bound of the timestamp filter.</summary>
    public long Lower { get; private set; } = since;

    public int Offset { get; private set; }

    /// <summary>The newest timestamp read so far (at least <c>since</c>).</summary>
    public long MaxSeen { get; private set; } = since;

    public PublicObjectSearchRequest NextRequest()
    {
        var offset = Offset.ToString(CultureInfo.InvariantCulture);
        if (!_tie)
        {
            return new PublicObjectSearchRequest(
                [new FilterGroup([new Filter(timestampProperty, _lowerOperator, Lower.ToString(CultureInfo.InvariantCulture))])],
                [new SearchSort(timestampProperty, "ASCENDING")],
                properties,
                SearchLimit,
                offset);
        }

        Filter[] afterId = _tieAfterId == long.MinValue ? [] : [new Filter(ObjectIdProperty, "GT", _tieAfterId.ToString(CultureInfo.InvariantCulture))];
        return new PublicObjectSearchRequest(
            [new FilterGroup([new Filter(timestampProperty, "EQ", _skipTs.ToString(CultureInfo.InvariantCulture)), .. afterId])],
            [new SearchSort(ObjectIdProperty, "ASCENDING")],
            properties,
            SearchLimit,
            offset);
    }

    /// <summary>The records of a page not read before; moves the timestamp and id bookkeeping on.</summary>
    public List<SimplePublicObject> Accept(IReadOnlyList<SimplePublicObject> records)
    {
        var fresh = new List<SimplePublicObject>();
        foreach (var record in records)
        {
            var ts = Timestamp(record, timestampProperty) ?? Lower;

            // The id cursor counts every record of the page, read before or not, so it always moves on.
            if (_tie && long.TryParse(record.Id, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) && id > _tieMaxId)
            {
                _tieMaxId = id;
            }

            if (ts == _skipTs && !_skip.Add(record.Id))
            {
                continue;
            }

            if (ts > MaxSeen)
            {
                MaxSeen = ts;
                _idsAtMax.Clear();
            }

            if (ts == MaxSeen)
            {
                _idsAtMax.Add(record.Id);
            }

            fresh.Add(record);
        }

        return fresh;
    }

    /// <summary>Moves to the page after one whose next-page token was <paramref name="next"/>.</summary>
    public Move Advance(string? next)
    {
        if (string.IsNullOrEmpty(next))
        {
            if (!_tie)
            {
                return Move.Done;
            }

            // Every record of the tied timestamp is read: go on strictly after it.
            _tie = false;
            Lower = _skipTs;
            _lowerOperator = "GT";
            Offset = 0;
            return Move.Restarted;
        }

        var nextOffset = int.TryParse(next, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : SearchCap;
        if (nextOffset < SearchCap)
        {
            Offset = nextOffset;
            return Move.NextPage;
        }

        // The next page would pass the 10,000 cap: restart.
        Offset = 0;
        if (_tie)
        {
            _tieAfterId = _tieMaxId;
            return Move.Restarted;
        }

        _skip = [.. _idsAtMax];
        if (MaxSeen > Lower)
        {
            Lower = MaxSeen;
            _lowerOperator = "GTE";
            _skipTs = MaxSeen;
            return Move.Restarted;
        }

        // A whole query's worth of records at one timestamp: walk that timestamp by id.
        _tie = true;
        _skipTs = Lower;
        _tieAfterId = long.MinValue;
        _tieMaxId = long.MinValue;
        return Move.TieStarted;
    }

    /// <summary>A record's last-modified time in epoch ms (HubSpot sends ISO 8601 or epoch ms), else its updatedAt.</summary>
    private static long? Timestamp(SimplePublicObject record, string property)
    {
        if (record.Properties?.GetValueOrDefault(property) is { Length: > 0 } text)
        {
            if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms))
            {
                return ms;
            }

            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d))
            {
                return d.ToUnixTimeMilliseconds();
            }
        }

        return record.UpdatedAt?.ToUnixTimeMilliseconds();
    }
}
