namespace Trig.Crm.Lifecycle.Definitions;

/// <summary>The outcome of loading definitions: a set when valid (warnings allowed), and every diagnostic.</summary>
public sealed record LoadResult(DefinitionSet? Set, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool IsValid => Set is not null;

    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => !d.IsWarning);
}
