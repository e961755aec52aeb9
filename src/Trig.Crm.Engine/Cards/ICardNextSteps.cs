using Trig.Crm.Lifecycle.Cards;
using Trig.Crm.Lifecycle.Evaluation;

namespace Trig.Crm.Engine.Cards;

/// <summary>The next steps of one entity for its card, from a ranking computed ahead of the request.</summary>
public interface ICardNextSteps
{
    /// <summary>At most <c>Trig:Cards:NextSteps:Top</c> steps; reads only the entity's memberships.</summary>
    IReadOnlyList<CardNextStep> For(EntityState entity);
}
