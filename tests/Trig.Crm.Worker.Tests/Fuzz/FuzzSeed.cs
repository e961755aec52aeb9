using System.Globalization;

namespace Trig.Crm.Worker.Tests.Fuzz;

/// <summary>
/// The seed every fuzz target starts from: fixed, so CI runs the same inputs each time, and overridable with
/// <c>TRIG_FUZZ_SEED</c> to explore others. Every failure message starts with the seed and the input's index.
/// </summary>
internal static class FuzzSeed
{
    public static int Value { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("TRIG_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 20261130;

    /// <summary>A generator for one target, so adding inputs to one target does not change another's.</summary>
    public static Random For(string target) => new(Value ^ Stable(target));

    public static string Tag(string target, int index) => $"[seed {Value} (TRIG_FUZZ_SEED), {target} #{index}]";

    private static int Stable(string s)
    {
        // string.GetHashCode is randomised per process; this one is not.
        var h = 17;
        foreach (var c in s)
        {
            h = unchecked((h * 31) + c);
        }

        return h;
    }
}
