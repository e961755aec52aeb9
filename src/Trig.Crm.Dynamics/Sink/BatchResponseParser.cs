using System.Net;
using System.Net.Http.Headers;
using Trig.Crm.Dynamics.Http;

namespace Trig.Crm.Dynamics.Sink;

/// <summary>One part of a <c>multipart/mixed</c> batch response: its HTTP status, Retry-After and error, if any.</summary>
internal sealed record BatchPartResult(HttpStatusCode Status, string? ErrorCode, string? ErrorMessage, TimeSpan? RetryAfter);

/// <summary>Parses <c>--batchresponse_…</c> parts in order, each holding an HTTP status line, headers and a body.</summary>
internal static class BatchResponseParser
{
    public static string? Boundary(MediaTypeHeaderValue? contentType) =>
        contentType?.Parameters.FirstOrDefault(p => string.Equals(p.Name, "boundary", StringComparison.OrdinalIgnoreCase))?.Value?.Trim('"');

    public static IReadOnlyList<BatchPartResult> Parse(string body, string boundary)
    {
        var results = new List<BatchPartResult>();
        var delimiter = "--" + boundary;
        var lines = body.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var i = 0;
        while (i < lines.Length && lines[i] != delimiter)
        {
            i++;
        }

        while (i < lines.Length && lines[i] == delimiter)
        {
            i++;
            var start = i;
            while (i < lines.Length && lines[i] != delimiter && lines[i] != delimiter + "--")
            {
                i++;
            }

            var part = lines[start..i];
            if (part.Length > 0 && ParsePart(part) is { } result)
            {
                results.AddRange(result);
            }
        }

        return results;
    }

    private static IEnumerable<BatchPartResult>? ParsePart(string[] lines)
    {
        // MIME headers of the part, then a blank line, then the embedded HTTP response.
        var i = 0;
        string? nestedBoundary = null;
        for (; i < lines.Length && lines[i].Length > 0; i++)
        {
            if (lines[i].StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase)
                && lines[i].Contains("multipart/mixed", StringComparison.OrdinalIgnoreCase)
                && MediaTypeHeaderValue.TryParse(lines[i]["Content-Type:".Length..].Trim(), out var nested))
            {
                nestedBoundary = Boundary(nested);
            }
        }

        i++;
        if (nestedBoundary is not null)
        {
            // A changeset response: its own parts, in order.
            return Parse(string.Join("\r\n", lines[Math.Min(i, lines.Length)..]), nestedBoundary);
        }

        while (i < lines.Length && lines[i].Length == 0)
        {
            i++;
        }

        if (i >= lines.Length || !lines[i].StartsWith("HTTP/", StringComparison.Ordinal))
        {
            return null;
        }

        var statusLine = lines[i].Split(' ', 3);
        var status = statusLine.Length > 1 && int.TryParse(statusLine[1], out var code) ? (HttpStatusCode)code : HttpStatusCode.InternalServerError;
        TimeSpan? retryAfter = null;
        for (i++; i < lines.Length && lines[i].Length > 0; i++)
        {
            if (lines[i].StartsWith("Retry-After:", StringComparison.OrdinalIgnoreCase)
                && double.TryParse(lines[i]["Retry-After:".Length..].Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            {
                retryAfter = TimeSpan.FromSeconds(seconds);
            }
        }

        var content = i < lines.Length ? string.Join("\n", lines[(i + 1)..]).Trim() : "";
        var (errorCode, message) = ODataError.Parse(content);
        return [new BatchPartResult(status, errorCode, message ?? (((int)status >= 400) ? ODataError.FirstLine(content, 300) : null), retryAfter)];
    }
}
