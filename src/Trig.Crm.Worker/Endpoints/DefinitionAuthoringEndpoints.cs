using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Trig.Crm.Engine.Authoring;
using Trig.Crm.Engine.Definitions;
using Trig.Crm.Store;
using Trig.Crm.Store.Authoring;

namespace Trig.Crm.Worker.Endpoints;

/// <summary>
/// Authoring the lifecycle from the CRM: <c>/api/admin/definitions/apply</c> (dry run or publish), one definition with
/// its text, source and versions, rollback, retire, duplicate, the schema with suggestions, and the paged audit log.
/// Every change goes through <see cref="DefinitionAuthoring"/>: validated as a whole, stored as one set version, audited.
/// </summary>
internal static class DefinitionAuthoringEndpoints
{
    /// <summary>A definitions document may be larger than the other admin calls' bodies.</summary>
    public const long DocumentLimit = 256 * 1024;

    public static IEndpointRouteBuilder MapDefinitionAuthoringEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").AddEndpointFilter<AdminAuthFilter>().WithBodyLimit(RequestBodyLimits.Default);
        admin.MapPost("/definitions/apply", ApplyAsync).WithBodyLimit(DocumentLimit);
        admin.MapGet("/definitions/{key}", DefinitionReads.GetAsync);
        admin.MapGet("/definitions/{key}/versions", DefinitionReads.VersionsAsync);
        admin.MapPost("/definitions/{key}/rollback", RollbackAsync);
        admin.MapPost("/definitions/{key}/duplicate", DuplicateAsync);
        admin.MapDelete("/definitions/{key}", RetireAsync);
        admin.MapGet("/schema", SchemaReads.GetAsync);
        admin.MapPost("/schema/accept", AcceptAsync);
        admin.MapGet("/audit", AuditAsync);
        return app;
    }

    internal sealed record AuditRow(long Id, DateTimeOffset At, string Actor, string Action, string Subject);

    private static string Actor(HttpContext http) => http.Items["trig.actor"] as string ?? "unknown";

    private static async Task<Results<Ok<AuthoringResult>, ProblemHttpResult>> ApplyAsync(
        HttpContext http, DefinitionAuthoring authoring, bool? dryRun, bool? confirm, CancellationToken ct)
    {
        var body = await RequestBodyLimits.ReadAsync(http.Request, DocumentLimit, ct);
        if (body is null)
        {
            return RequestBodyLimits.TooLarge(DocumentLimit);
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return TypedResults.Problem(title: "Invalid document", detail: "the body is not UTF-8 text", statusCode: StatusCodes.Status422UnprocessableEntity,
                extensions: new Dictionary<string, object?> { ["errors"] = new[] { new AuthoringError(DefinitionAuthoring.DocumentFile, 1, 1, "the body is not UTF-8 text") } });
        }

        return Answer(await authoring.ApplyAsync(DocumentEnvelope.Unwrap(http.Request.ContentType, text), Actor(http), dryRun ?? false, confirm ?? false, ct));
    }

    private static async Task<Results<Ok<AuthoringResult>, ProblemHttpResult>> RollbackAsync(
        string key, long? version, bool? dryRun, HttpContext http, DefinitionAuthoring authoring, CancellationToken ct) =>
        version is null
            ? TypedResults.Problem(title: "Bad request", detail: "rollback needs ?version=V (see GET /api/admin/definitions/{key}/versions)", statusCode: StatusCodes.Status400BadRequest)
            : Answer(await authoring.RollbackAsync(key, version.Value, Actor(http), dryRun ?? false, ct));

    private static async Task<Results<Ok<AuthoringResult>, ProblemHttpResult>> DuplicateAsync(
        string key, string? newKey, bool? dryRun, HttpContext http, DefinitionAuthoring authoring, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(newKey)
            ? TypedResults.Problem(title: "Bad request", detail: "duplicate needs ?newKey=NEW_KEY", statusCode: StatusCodes.Status400BadRequest)
            : Answer(await authoring.DuplicateAsync(key, newKey.Trim(), Actor(http), dryRun ?? false, ct));

    private static async Task<Results<Ok<AuthoringResult>, ProblemHttpResult>> RetireAsync(
        string key, bool? dryRun, HttpContext http, DefinitionAuthoring authoring, CancellationToken ct) =>
        Answer(await authoring.RetireAsync(key, Actor(http), dryRun ?? false, ct));

    private static async Task<Results<Ok<AuthoringResult>, ProblemHttpResult>> AcceptAsync(
        string? entity, string? name, string? type, HttpContext http, DefinitionAuthoring authoring, ITrigStore store, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(entity) || string.IsNullOrWhiteSpace(name))
        {
            return TypedResults.Problem(title: "Bad request", detail: "accept needs ?entity=organisation|person|events&name=NAME (and &type=… to override the observed type)", statusCode: StatusCodes.Status400BadRequest);
        }

        var document = await SchemaReads.AcceptDocumentAsync(entity, name, type, store, ct);
        return document is null
            ? TypedResults.Problem(title: "Not found", detail: $"no observed {entity} attribute or event '{name}' (pass &type=… to declare one the store has not seen)", statusCode: StatusCodes.Status404NotFound)
            : Answer(await authoring.ApplyAsync(document, Actor(http), dryRun: false, confirm: false, ct));
    }

    private static async Task<Results<Ok<List<AuditRow>>, ProblemHttpResult>> AuditAsync(long? before, int? limit, IDefinitionAuthoringStore store, CancellationToken ct)
    {
        if (limit is < 1 or > 500)
        {
            return TypedResults.Problem(title: "Bad request", detail: "limit is 1 to 500", statusCode: StatusCodes.Status400BadRequest);
        }

        var rows = await store.AuditPageAsync(before, limit ?? 100, ct);
        return TypedResults.Ok(rows.Select(r => new AuditRow(r.Id, r.At, r.Actor, r.Action, r.Subject)).ToList());
    }

    internal static Results<Ok<AuthoringResult>, ProblemHttpResult> Answer(AuthoringResult result)
    {
        if (result.Status == AuthoringStatus.Ok)
        {
            return TypedResults.Ok(result);
        }

        var (code, title) = result.Status switch
        {
            AuthoringStatus.Invalid => (StatusCodes.Status422UnprocessableEntity, "Invalid document"),
            AuthoringStatus.NotFound => (StatusCodes.Status404NotFound, "Not found"),
            _ => (StatusCodes.Status409Conflict, "Conflict"),
        };
        var extensions = new Dictionary<string, object?> { ["errors"] = result.Errors };
        if (result.Dependants.Count > 0)
        {
            extensions["dependants"] = result.Dependants;
        }

        if (result.ConfirmationRequired.Count > 0)
        {
            extensions["confirmationRequired"] = result.ConfirmationRequired;
            extensions["preview"] = result.Preview;
        }

        return TypedResults.Problem(title: title, detail: result.Message, statusCode: code, extensions: extensions);
    }
}
