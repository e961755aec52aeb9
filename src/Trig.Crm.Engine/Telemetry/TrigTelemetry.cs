using System.Diagnostics;

namespace Trig.Crm.Engine.Telemetry;

/// <summary>
/// The names telemetry is published under: one <see cref="System.Diagnostics.Metrics.Meter"/> name for every project
/// (connectors declare the same string, since they reference Lifecycle only) and the engine's
/// <see cref="ActivitySource"/>, with one trace per cycle.
/// </summary>
public static class TrigTelemetry
{
    /// <summary>The meter and activity source name: <c>Trig.Crm</c>.</summary>
    public const string Name = "Trig.Crm";

    /// <summary>
    /// Spans of the cycle (<c>trig.cycle</c> with children <c>trig.pull</c>, <c>trig.load</c> (a shard's units from the store), <c>trig.evaluate</c>, <c>trig.commit</c>,
    /// <c>trig.push</c>, <c>trig.dispatch</c>). ActivitySource has no DI factory; a static one is the documented way.
    /// </summary>
    public static readonly ActivitySource Source = new(Name);

    /// <summary>The cycle kinds of <c>trig.cycle.kind</c>.</summary>
    public static class CycleKind
    {
        public const string Full = "full";
        public const string FastPath = "fast_path";
        public const string Shard = "shard";
    }

    /// <summary>Starts a child span of the current one; null when nobody listens (no cost then).</summary>
    public static Activity? Step(string name) => Source.StartActivity(name);

    /// <summary>Marks <paramref name="activity"/> as failed with the exception's type and message.</summary>
    public static void Fail(Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity.AddException(exception);
    }
}
