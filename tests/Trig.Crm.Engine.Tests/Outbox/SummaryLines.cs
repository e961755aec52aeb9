using Microsoft.Extensions.Logging;
using Trig.Crm.Engine.Outbox;

namespace Trig.Crm.Engine.Tests.Outbox;

/// <summary>
/// Keeps the dispatcher's per-channel summary lines (its "{Summary}" messages, or the messages of the given formats)
/// for assertions.
/// </summary>
internal sealed class SummaryLines(List<string> lines, params string[] formats) : ILoggerProvider, ILogger
{
    private readonly string[] _formats = formats.Length == 0 ? ["{Summary}"] : formats;

    public ILogger CreateLogger(string categoryName) => categoryName == typeof(OutboxDispatcher).FullName ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (state is IReadOnlyList<KeyValuePair<string, object?>> values && values.Any(v => v.Key == "{OriginalFormat}" && _formats.Contains((string?)v.Value)))
        {
            lock (lines)
            {
                lines.Add(formatter(state, exception));
            }
        }
    }

    public void Dispose()
    {
    }
}
