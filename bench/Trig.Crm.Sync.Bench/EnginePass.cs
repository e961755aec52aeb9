using System.Diagnostics;
using System.Globalization;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Lifecycle.Evaluation;
using Trig.Crm.Store;

/// <summary>
/// The in-memory engine's steady-state pass over the store's units (with the memberships the cycles left), as
/// bench/Trig.Crm.Bench runs it: every unit loaded, one warm-up pass, then the timed pass. Above
/// <see cref="WholeLimit"/> organisations the units are loaded and evaluated a chunk at a time (only the
/// evaluation timed, against the benchmarks the cycle stored), so this bench stays within the memory it measures.
/// </summary>
internal static class EnginePass
{
    private const int WholeLimit = 200_000;
    private const int Chunk = 20_000;

    public static async Task<TimeSpan> RunAsync(ITrigStore store, DefinitionCatalog catalog, int organisations, DateTimeOffset now)
    {
        var set = catalog.Current ?? throw new InvalidOperationException("no definitions");
        var runtime = set.All.ToDictionary(d => d.Key, _ => new DefinitionRuntime(now - TimeSpan.FromDays(31), false));
        var sw = Stopwatch.StartNew();
        if (organisations <= WholeLimit)
        {
            var units = await store.LoadUnitsAsync(null, null, default);
            Console.WriteLine($"\nin-memory engine: {units.Count:N0} units loaded in {sw.Elapsed.TotalSeconds:0.0} s");
            var input = new EvaluationInput(set, runtime, BenchmarkCalculator.Compute(set, units.Select(u => u.Organisation!)), now);
            Evaluator.EvaluateAll(input, units);
            GC.Collect();
            sw.Restart();
            var pass = Evaluator.EvaluateAll(input, units);
            Console.WriteLine($"in-memory engine steady-state pass: {sw.Elapsed.TotalSeconds,8:0.000} s ({pass.EntitiesEvaluated:N0} entities)");
            return sw.Elapsed;
        }

        var chunked = new EvaluationInput(set, runtime, await store.LoadBenchmarksAsync(default), now);
        var evaluating = TimeSpan.Zero;
        var entities = 0;
        for (var start = 0; start < organisations; start += Chunk)
        {
            var ids = Enumerable.Range(start, Math.Min(Chunk, organisations - start)).Select(i => "o" + i.ToString(CultureInfo.InvariantCulture)).ToList();
            var units = await store.LoadUnitsAsync(ids, [], default);
            Evaluator.EvaluateAll(chunked, units); // warm-up, as the whole pass has
            var one = Stopwatch.StartNew();
            entities += Evaluator.EvaluateAll(chunked, units).EntitiesEvaluated;
            evaluating += one.Elapsed;
        }

        Console.WriteLine($"\nin-memory engine, {Chunk:N0} organisations at a time (loading untimed): steady-state pass {evaluating.TotalSeconds,8:0.000} s ({entities:N0} entities)");
        return evaluating;
    }
}
