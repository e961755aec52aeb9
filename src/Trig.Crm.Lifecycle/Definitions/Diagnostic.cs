namespace Trig.Crm.Lifecycle.Definitions;

/// <summary>A validation finding, printed as <c>file:line:col: message</c>.</summary>
public sealed record Diagnostic(SourceLocation Location, string Message, bool IsWarning = false)
{
    public override string ToString() => $"{Location}: {(IsWarning ? "warning: " : "")}{Message}";
}
