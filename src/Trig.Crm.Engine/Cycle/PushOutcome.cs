using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Engine.Cycle;

/// <summary>
/// What one push did. <paramref name="Unpushed"/>: the entities with a value that did not land (to be tried again);
/// null when the push failed as a whole, so that nothing of it is known to have landed.
/// </summary>
internal sealed record PushOutcome(
    int Provisioned, int Written, int Failed, int Requests, IReadOnlyList<string> Notes, IReadOnlySet<(EntityKind Kind, string Id)>? Unpushed);
