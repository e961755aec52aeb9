namespace Trig.Crm.Engine.Authoring;

/// <summary>
/// The outcome of an authoring request (apply, rollback, retire, duplicate, accept a schema suggestion).
/// <see cref="SetVersion"/> is the authored set version in force afterwards (the new one when <see cref="Published"/>).
/// </summary>
public sealed record AuthoringResult(AuthoringStatus Status, string? Message = null)
{
    public IReadOnlyList<AuthoringError> Errors { get; init; } = [];

    /// <summary>For a refused retire: the definitions that depend on the one retired.</summary>
    public IReadOnlyList<string> Dependants { get; init; } = [];

    /// <summary>Definitions with members whose criteria the document changes (publishing them needs confirm=true).</summary>
    public IReadOnlyList<string> ConfirmationRequired { get; init; } = [];

    public long SetVersion { get; init; }

    /// <summary>The content hash of the whole definition set (what transitions record as their set).</summary>
    public string? DefinitionsVersion { get; init; }

    public bool Published { get; init; }

    /// <summary>The entries the request changes (created, updated or retired).</summary>
    public IReadOnlyList<string> Changed { get; init; } = [];

    /// <summary>The entries of the document that are already exactly as stored.</summary>
    public IReadOnlyList<string> Unchanged { get; init; } = [];

    public AuthoringPreview? Preview { get; init; }

    /// <summary>Something the caller should know (e.g. a retired definition's CRM properties are kept).</summary>
    public string? Note { get; init; }

    public static AuthoringResult Invalid(IReadOnlyList<AuthoringError> errors) =>
        new(AuthoringStatus.Invalid, "the document is invalid; nothing was stored") { Errors = errors };

    public static AuthoringResult Conflict(string message) => new(AuthoringStatus.Conflict, message);

    public static AuthoringResult NotFound(string message) => new(AuthoringStatus.NotFound, message);
}
