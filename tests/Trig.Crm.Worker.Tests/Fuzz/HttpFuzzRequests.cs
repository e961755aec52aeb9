using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Trig.Crm.HubSpot.Webhooks;
using Trig.Crm.Worker.Tests.Endpoints;
using Trig.Crm.Worker.Tests.Support;

namespace Trig.Crm.Worker.Tests.Fuzz;

/// <summary>
/// Builds hostile requests for an endpoint pattern, with the credentials that endpoint takes (so the body is
/// parsed, not just refused at the door) most of the time, and without or with broken ones the rest.
/// </summary>
internal sealed class HttpFuzzRequests(Random r, string baseUrl, DateTimeOffset now)
{
    private static readonly string[] TraitKeys = ["name", "domain", "arr", "lifecyclestage", "email", "firstname", "seats", "created_at", "plan"];

    private static readonly string[] MessageKeys = ["type", "userId", "anonymousId", "groupId", "event", "messageId", "timestamp", "sentAt", "originalTimestamp", "traits", "properties", "context"];

    private static readonly string[] PathPieces =
    [
        "%ED%A0%80", "%FF", "%00", "%C3%28", "..%2F..%2Fetc%2Fpasswd", "99999999999999999999999", "-1", "1e400", "NaN",
        "%E2%80%AE", "org-1", "1", "%20", "%25", "a%2Fb", new string('z', 3000), "%F0%9F%92%A5",
    ];

    private static readonly string[] BadTimestamps =
    [
        long.MaxValue.ToString(CultureInfo.InvariantCulture), long.MinValue.ToString(CultureInfo.InvariantCulture), "1e17", "abc", "", "-1",
        "100000000000000000", "0", "  5", "１２３",
    ];

    private int _counter;

    public HttpFuzzCase Build(string method, string pattern)
    {
        _counter++;
        return pattern switch
        {
            "/v1/batch" => Ingest(pattern, Batch()),
            "/v1/identify" or "/v1/group" or "/v1/track" => Ingest(pattern, Single(pattern[4..])),
            "/api/hubspot/webhooks" => Webhook(),
            "/api/cards/hubspot" => Card(),
            _ when pattern.StartsWith("/api/admin", StringComparison.Ordinal) => Admin(method, pattern),
            _ => Anonymous(method, pattern),
        };
    }

    private string Piece() => PathPieces[r.Next(PathPieces.Length)];

    // A NUL in the path is refused by the in-memory TestServer's client before the app sees it (Kestrel answers 400).
    private string PathSegment() => Piece() is var p && p == "%00" ? "%01" : p;

    private string Fill(string pattern) => Parameter.Replace(pattern, _ => r.Next(4) == 0 ? "org-1" : PathSegment());

    private static readonly System.Text.RegularExpressions.Regex Parameter = new(@"\{[^}]+\}", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));

    private string HostileQuery() => string.Join('&', Enumerable.Range(0, r.Next(0, 4)).Select(_ => $"{Piece()}={Piece()}"));

    private (byte[] Body, bool Invalid, string Labels) Single(string type)
    {
        var m = BaseMessage(type);
        var traits = new JsonMessage().Set(TraitKeys[r.Next(TraitKeys.Length)], JsonMessage.Text("Acme")).Set("arr", "1200");
        for (var i = r.Next(1, 4); i > 0; i--)
        {
            if (r.Next(2) == 0)
            {
                traits.Mutate(r, TraitKeys);
            }
            else
            {
                m.Mutate(r, MessageKeys);
            }
        }

        m.Set(type == "track" ? "properties" : "traits", traits);
        if (r.Next(12) == 0)
        {
            var whole = HostileValues.Any(r);
            return (whole.Bytes, whole.Invalid || whole.Bytes.Length == 0 || whole.Bytes[0] != (byte)'{', "whole body " + whole.Label);
        }

        return (m.ToBytes(), m.Invalid, string.Join(", ", m.Labels));
    }

    private JsonMessage BaseMessage(string type)
    {
        var m = new JsonMessage()
            .Set("type", JsonMessage.Text(type))
            .Set("userId", JsonMessage.Text("u-" + r.Next(5).ToString(CultureInfo.InvariantCulture)))
            .Set("messageId", JsonMessage.Text("m-" + _counter.ToString(CultureInfo.InvariantCulture) + "-" + r.Next().ToString(CultureInfo.InvariantCulture)))
            .Set("timestamp", JsonMessage.Text("2026-11-24T09:00:00Z"));
        if (type == "group")
        {
            m.Set("groupId", JsonMessage.Text("org-1"));
        }

        if (type == "track")
        {
            m.Set("event", JsonMessage.Text("login"));
        }

        return m;
    }

    private (byte[] Body, bool Invalid, string Labels) Batch()
    {
        var items = new List<byte[]>();
        var invalid = false;
        var labels = new List<string>();
        string[] types = ["identify", "group", "track"];
        for (var i = r.Next(1, 5); i > 0; i--)
        {
            var (body, bad, l) = Single(types[r.Next(types.Length)]);
            items.Add(body);
            invalid |= bad;
            labels.Add(l);
        }

        var bytes = new List<byte>();
        bytes.AddRange("{\"batch\":["u8.ToArray());
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                bytes.Add((byte)',');
            }

            bytes.AddRange(items[i]);
        }

        bytes.AddRange("]}"u8.ToArray());
        return ([.. bytes], invalid, "batch: " + string.Join(" / ", labels));
    }

    private HttpFuzzCase Ingest(string path, (byte[] Body, bool Invalid, string Labels) content)
    {
        var (body, invalid, labels) = content;
        if (r.Next(25) == 0)
        {
            body = [.. "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"pad\":\""u8.ToArray(), .. Encoding.ASCII.GetBytes(new string('p', 600_000)), .. "\"}}"u8.ToArray()];
            labels = "oversized body";
            invalid = true;
        }

        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        switch (r.Next(25))
        {
            case 0:
                labels += "; no write key";
                invalid = true;
                break;
            case 1:
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("wrong:"u8.ToArray()));
                labels += "; wrong write key";
                invalid = true;
                break;
            case 2:
                request.Headers.TryAddWithoutValidation("Authorization", "Basic %%%not-base64");
                labels += "; broken basic header";
                invalid = true;
                break;
            default:
                request.Headers.Authorization = HardenedHost.WriteKeyBasic;
                break;
        }

        return new HttpFuzzCase(request, invalid, labels);
    }

    private HttpFuzzCase Webhook()
    {
        var events = new List<byte[]>();
        var invalid = false;
        var labels = new List<string>();
        string[] subscriptions = ["company.propertyChange", "contact.creation", "company.deletion", "contact.merge", "deal.creation", "bogus"];
        for (var i = r.Next(1, 4); i > 0; i--)
        {
            var e = new JsonMessage()
                .Set("eventId", JsonMessage.Number(r.NextInt64(1, 1_000_000_000)))
                .Set("subscriptionId", "1")
                .Set("portalId", "7654321")
                .Set("occurredAt", JsonMessage.Number(now.ToUnixTimeMilliseconds()))
                .Set("subscriptionType", JsonMessage.Text(subscriptions[r.Next(subscriptions.Length)]))
                .Set("attemptNumber", "0")
                .Set("objectId", JsonMessage.Number(r.Next(1, 50)))
                .Set("propertyName", JsonMessage.Text("name"))
                .Set("propertyValue", JsonMessage.Text("Acme"))
                .Set("changeSource", JsonMessage.Text("CRM"));
            for (var m = r.Next(1, 3); m > 0; m--)
            {
                e.Mutate(r, ["eventId", "objectId", "occurredAt", "subscriptionType", "propertyName", "propertyValue", "fromObjectId", "mergedObjectIds"]);
            }

            // Events with a field of the wrong kind are skipped by design (HubSpot retries what it sent well), so
            // only a body that is not a JSON array, or a bad signature, must be refused.
            events.Add(e.ToBytes());
            labels.AddRange(e.Labels);
        }

        var body = new List<byte> { (byte)'[' };
        for (var i = 0; i < events.Count; i++)
        {
            if (i > 0)
            {
                body.Add((byte)',');
            }

            body.AddRange(events[i]);
        }

        body.Add((byte)']');
        var bytes = body.ToArray();
        if (r.Next(10) == 0)
        {
            var whole = HostileValues.Any(r);
            bytes = whole.Bytes;
            invalid = whole.Invalid || bytes.Length == 0 || bytes[0] != (byte)'[';
            labels = ["whole body " + whole.Label];
        }

        return Signed(HttpMethod.Post, "/api/hubspot/webhooks", bytes, invalid, string.Join(", ", labels));
    }

    private HttpFuzzCase Card()
    {
        string[] types = ["companies", "contacts", "deals", Piece()];
        var path = $"/api/cards/hubspot?objectType={types[r.Next(types.Length)]}&objectId={(r.Next(3) == 0 ? "1" : Piece())}&portalId=7654321&userEmail=admin%40vendor.example";
        if (r.Next(3) == 0)
        {
            path += "&" + HostileQuery();
        }

        return Signed(HttpMethod.Get, path, null, false, "card " + path);
    }

    private HttpFuzzCase Admin(string method, string pattern)
    {
        var path = Fill(pattern);
        var roll = r.Next(10);
        byte[]? body = method == "POST" ? HostileValues.Any(r).Bytes : null;
        if (roll < 3)
        {
            return Signed(new HttpMethod(method), path + "?portalId=7654321&userEmail=admin%40vendor.example" + (r.Next(2) == 0 ? "&" + HostileQuery() : ""), body, false, "admin signed " + path);
        }

        var request = new HttpRequestMessage(new HttpMethod(method), path + (r.Next(3) == 0 ? "?" + HostileQuery() : ""));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        if (roll < 9)
        {
            request.Headers.Authorization = HardenedHost.AdminBearer;
        }

        return new HttpFuzzCase(request, false, "admin " + request.RequestUri);
    }

    private HttpFuzzCase Anonymous(string method, string pattern)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), Fill(pattern) + (r.Next(2) == 0 ? "?" + HostileQuery() : ""));
        if (method == "POST")
        {
            request.Content = new ByteArrayContent(HostileValues.Any(r).Bytes);
        }

        return new HttpFuzzCase(request, false, "anonymous " + request.RequestUri);
    }

    /// <summary>HubSpot's v3 signature over the request, with a good timestamp most of the time and a hostile one otherwise.</summary>
    private HttpFuzzCase Signed(HttpMethod method, string pathAndQuery, byte[]? body, bool invalid, string labels)
    {
        var request = new HttpRequestMessage(method, pathAndQuery);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        var timestamp = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var roll = r.Next(10);
        if (roll == 0)
        {
            timestamp = BadTimestamps[r.Next(BadTimestamps.Length)];
            labels += "; timestamp " + timestamp;
            invalid = true;
        }

        if (roll != 1)
        {
            request.Headers.TryAddWithoutValidation(HubSpotSignature.TimestampHeader, timestamp);
        }

        var signature = HubSpotSignature.ComputeV3(method.Method, baseUrl + pathAndQuery, body ?? [], timestamp, HubSpotSigning.Secret);
        request.Headers.TryAddWithoutValidation(HubSpotSignature.SignatureHeader, roll == 2 ? signature[..^2] + "AA" : signature);
        if (roll is 1 or 2)
        {
            labels += roll == 1 ? "; no timestamp" : "; bad signature";
            invalid = true;
        }

        return new HttpFuzzCase(request, invalid, labels);
    }
}
