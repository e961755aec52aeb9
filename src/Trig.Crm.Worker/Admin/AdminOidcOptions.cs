using System.ComponentModel.DataAnnotations;

namespace Trig.Crm.Worker.Admin;

/// <summary>
/// <c>Trig:Admin:Oidc</c>: admin sign-in with OpenID Connect (Entra ID). Off while <see cref="Authority"/> is empty. When
/// on, an admin call may carry an access token of <see cref="Audience"/> issued by <see cref="Authority"/>, from a user
/// listed in <see cref="AllowedUsers"/>, or holding one of <see cref="AllowedRoles"/> or <see cref="AllowedGroups"/>.
/// </summary>
internal sealed class AdminOidcOptions : IValidatableObject
{
    public const string Section = "Trig:Admin:Oidc";

    /// <summary>The issuer, e.g. <c>https://login.microsoftonline.com/{tenant}/v2.0</c> (its discovery document is read from it).</summary>
    [Url]
    public string? Authority { get; set; }

    /// <summary>The app registration's application (client) id: the /admin page signs in with it.</summary>
    public string? ClientId { get; set; }

    /// <summary>The <c>aud</c> an access token must carry: the API's application id URI or client id.</summary>
    public string? Audience { get; set; }

    /// <summary>The scope the /admin page asks for (default <c>{Audience}/.default</c>).</summary>
    public string? Scope { get; set; }

    /// <summary>Comma-separated users (preferred_username, upn, email or object id) who are admins.</summary>
    public string? AllowedUsers { get; set; }

    /// <summary>Comma-separated app roles (the token's <c>roles</c> claim) that make a user an admin.</summary>
    public string? AllowedRoles { get; set; }

    /// <summary>Comma-separated group object ids (the token's <c>groups</c> claim) that make a user an admin.</summary>
    public string? AllowedGroups { get; set; }

    /// <summary>Reading the discovery document over plain HTTP is refused unless this is false (local testing only).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    public string EffectiveScope => string.IsNullOrWhiteSpace(Scope) ? $"{Audience}/.default" : Scope;

    public static IReadOnlyList<string> List(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            yield return new ValidationResult($"{Section}:ClientId is required with an Authority", [nameof(ClientId)]);
        }

        if (string.IsNullOrWhiteSpace(Audience))
        {
            yield return new ValidationResult($"{Section}:Audience is required with an Authority", [nameof(Audience)]);
        }

        // Without a list every user of the tenant would be an admin: refuse that rather than guess.
        if (List(AllowedUsers).Count == 0 && List(AllowedRoles).Count == 0 && List(AllowedGroups).Count == 0)
        {
            yield return new ValidationResult($"{Section} needs AllowedUsers, AllowedRoles or AllowedGroups", [nameof(AllowedUsers)]);
        }
    }
}
