using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>A roll-up worked out once per pass: its compiled filter, the slot it reads on people and the slot it writes.</summary>
internal sealed class RollupPlan(Rollup rollup)
{
    public Rollup Rollup { get; } = rollup;

    public CompiledCriterion? Filter { get; } = rollup.Filter is null ? null : CriterionCompiler.Compile(rollup.Filter);

    public int SourceSlot { get; } = rollup.Source is null ? -1 : AttributeDictionary.SlotsOf(EntityKind.Person).Slot(rollup.Source);

    public int TargetSlot { get; } = AttributeDictionary.SlotsOf(EntityKind.Organisation).Slot(rollup.Key);
}
