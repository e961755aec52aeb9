namespace Trig.Crm.Worker.Health;

/// <summary>
/// When this process began answering health checks: before its first full cycle, the cycle check measures lateness
/// from here, so a fresh start is not reported as late.
/// </summary>
internal sealed class HealthStart(TimeProvider time)
{
    public DateTimeOffset At { get; } = time.GetUtcNow();
}
