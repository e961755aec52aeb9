namespace Trig.Crm.Engine.Insights;

/// <summary>
/// An insights request that cannot be answered as asked (unknown key, bad criteria, bad option): one line for the
/// CLI, a 4xx for the API. An <see cref="InvalidOperationException"/> so the CLI's one-line error handling applies.
/// </summary>
internal sealed class InsightsRequestException(string message, bool notFound = false) : InvalidOperationException(message)
{
    /// <summary>The request named something that does not exist (404), rather than asking something malformed (400).</summary>
    public bool NotFound { get; } = notFound;
}
