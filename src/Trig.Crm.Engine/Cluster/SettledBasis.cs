using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Evaluation;

namespace Trig.Crm.Engine.Cluster;

/// <summary>
/// What every unit's evaluation depends on besides its own data and the clock: the definitions, their runtime state
/// (paused, live since) and the objective benchmarks. A unit's settled time holds only while this is unchanged, so a
/// cycle whose basis differs from the last cycle's evaluates every unit.
/// </summary>
internal static class SettledBasis
{
    public static string Of(
        DefinitionSet set, IReadOnlyDictionary<string, DefinitionRuntime> runtime, IReadOnlyDictionary<(string Stage, string Objective), Benchmark> benchmarks)
    {
        var text = new StringBuilder(set.Version).Append('\n');
        foreach (var (key, r) in runtime.OrderBy(x => x.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"r {key} {r.PausedByAdmin} {r.LiveAt.UtcTicks}\n");
        }

        foreach (var ((stage, objective), b) in benchmarks.OrderBy(x => x.Key.Stage, StringComparer.Ordinal).ThenBy(x => x.Key.Objective, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"b {stage} {objective} {b.Mean.Ticks} {b.Completions}\n");
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
