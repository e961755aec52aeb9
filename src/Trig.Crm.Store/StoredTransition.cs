using Trig.Crm.Lifecycle.Evaluation;

namespace Trig.Crm.Store;

/// <summary>A transition as recorded in the audit log, with its id.</summary>
public sealed record StoredTransition(long Id, Transition Transition);
