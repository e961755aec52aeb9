namespace Trig.Crm.Lifecycle.Definitions.Loading;

/// <summary>The keys each kind of definition may have; the order is the order messages list them in.</summary>
internal static class AllowedKeys
{
    private static readonly string[] Common = ["key", "name", "entity", "status", "description", "on_entry", "on_complete", "on_exit"];
    private static readonly string[] Behaviour = [.. Common, "audience", "completion", "time_limit"];
    private static readonly string[] Cohort = ["key", "name", "entity", "status", "description", "criteria", "audience", "on_entry", "on_exit"];
    private static readonly string[] Stage = [.. Common, "audience", "complete_when", "exit", "objectives"];
    private static readonly string[] Objective = ["key", "name", "description", "audience", "completion", "time_limit", "on_entry", "on_complete", "on_exit"];
    private static readonly string[] Job = [.. Common, "audience", "goal", "duration", "reentry", "follow_ups"];
    private static readonly string[] Signal = ["key", "name", "entity", "status", "description", "type", "stage", "factor", "min_completions", "arr_attribute", "on_entry", "on_exit"];

    public static string[] For(DefinitionKind kind) => kind switch
    {
        DefinitionKind.Behaviour => Behaviour,
        DefinitionKind.Cohort => Cohort,
        DefinitionKind.Stage => Stage,
        DefinitionKind.Objective => Objective,
        DefinitionKind.Job => Job,
        _ => Signal,
    };
}
