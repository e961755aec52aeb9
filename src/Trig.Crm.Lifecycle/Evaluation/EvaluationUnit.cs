namespace Trig.Crm.Lifecycle.Evaluation;

/// <summary>
/// The unit of evaluation: an organisation and its people (or a person without organisation). Units are
/// independent of each other, which is what makes incremental and parallel evaluation possible.
/// </summary>
public sealed class EvaluationUnit(EntityState? organisation, List<EntityState> people)
{
    public EntityState? Organisation { get; } = organisation;

    public List<EntityState> People { get; } = people;

    public IEnumerable<EntityState> Entities => Organisation is null ? People : People.Prepend(Organisation);
}
