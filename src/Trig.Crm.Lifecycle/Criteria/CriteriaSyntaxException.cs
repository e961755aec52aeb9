namespace Trig.Crm.Lifecycle.Criteria;

/// <summary>A condition that cannot be parsed; <see cref="Offset"/> is the 0-based position in the condition text.</summary>
public sealed class CriteriaSyntaxException(string message, int offset) : Exception(message)
{
    public int Offset { get; } = offset;
}
