namespace Trig.Crm.Lifecycle.Definitions;

/// <summary>The kinds of lifecycle definition (LIFECYCLE.md).</summary>
public enum DefinitionKind
{
    Behaviour,
    Cohort,
    Stage,
    Objective,
    Job,
    Signal,
}
