using WireMock.Logging;

namespace Trig.Crm.Testing.Specs;

/// <summary>One HTTP request as the conformance checker sees it.</summary>
internal sealed record SpecRequest(
    string Method,
    string Path,
    string? Query = null,
    string? Body = null,
    string? ContentType = null,
    IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>A request recorded by a WireMock stub, headers included.</summary>
    public static SpecRequest From(ILogEntry entry)
    {
        var r = entry.RequestMessage;
        var headers = r.Headers?.ToDictionary(h => h.Key, h => h.Value.ToString() ?? "", StringComparer.OrdinalIgnoreCase)
            ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        return new SpecRequest(r.Method, r.Path, new Uri(r.AbsoluteUrl).Query, r.Body, headers.GetValueOrDefault("Content-Type"), headers);
    }

    public override string ToString() => $"{Method.ToUpperInvariant()} {Path}{Query}";
}
