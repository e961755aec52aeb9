using System.Text.Json;

namespace Trig.Crm.Testing.Specs;

/// <summary>What one vendor's spec needs beyond the generic checks: where it lives, its base path, its known errors.</summary>
internal sealed record SpecRules(string Vendor)
{
    /// <summary>The spec's base path, stripped from request paths (Slack: <c>/api</c>).</summary>
    public string PathPrefix { get; init; } = "";

    /// <summary>Required parameters the client sends elsewhere (Slack's <c>token</c> goes in the Authorization header).</summary>
    public IReadOnlySet<string> NotRequired { get; init; } = new HashSet<string>();

    /// <summary>Parameters newer than the spec: (path template, name) → JSON type; query parameters for GET, body fields otherwise.</summary>
    public IReadOnlyDictionary<(string Template, string Name), string> NewerThanSpec { get; init; } = new Dictionary<(string, string), string>();

    /// <summary>
    /// A known error of the spec at a JSON location (<c>$.sorts[0]</c>): returns true when it took over the check of
    /// that value (adding its own problems), false to leave it to the schema.
    /// </summary>
    public Func<string, JsonElement, List<string>, bool> Override { get; init; } = (_, _, _) => false;

    /// <summary>Checks of the whole request the spec cannot express (headers, forbidden places for a secret).</summary>
    public Func<SpecRequest, IEnumerable<string>> RequestChecks { get; init; } = _ => [];
}
