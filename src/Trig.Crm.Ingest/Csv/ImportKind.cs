namespace Trig.Crm.Ingest.Csv;

/// <summary>The three CSV formats of <c>trig import</c> (OPERATIONS.md).</summary>
public enum ImportKind
{
    Organisations,
    People,
    Events,
}
