using Trig.Crm.Engine.Cycle;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.Engine.Authoring;

/// <summary>
/// What a document would do now against the current data, for its own definitions only: transitions per definition,
/// the actions that would fire and the CRM fields that would change (counts, and the first of each).
/// </summary>
public sealed record AuthoringPreview(
    DateTimeOffset At,
    int EntitiesEvaluated,
    IReadOnlyList<DefinitionPreview> Definitions,
    int ActionCount,
    IReadOnlyList<PreviewActionItem> Actions,
    int CrmChangeCount,
    IReadOnlyList<MetadataChange> CrmChanges);
