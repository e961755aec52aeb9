namespace Trig.Crm.Worker.Import;

/// <summary>The three CSV formats of <c>trig import</c> (OPERATIONS.md).</summary>
public enum ImportKind
{
    Organisations,
    People,
    Events,
}
