using System.Net;

namespace Trig.Crm.Dynamics;

/// <summary>A Dataverse Web API call failed. The message is one line: status, Dataverse error code and message.</summary>
internal sealed class DataverseApiException : Exception
{
    public DataverseApiException(string message)
        : base(message)
    {
    }

    public DataverseApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DataverseApiException(string operation, HttpStatusCode status, string? code, string? detail)
        : base($"Dataverse {operation} failed: {(int)status} {status}{(code is null ? "" : " " + code)}{(string.IsNullOrWhiteSpace(detail) ? "" : ": " + detail)}")
    {
        Status = status;
        Code = code;
        Detail = detail;
    }

    public DataverseApiException()
    {
    }

    /// <summary>The HTTP status of the failed call.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>The Dataverse error code (<c>0x…</c>), when the body had one.</summary>
    public string? Code { get; }

    /// <summary>The Dataverse error message, when the body had one.</summary>
    public string? Detail { get; }

    internal static async Task<DataverseApiException> FromResponseAsync(string operation, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var (code, message) = Http.ODataError.Parse(body);
        return new DataverseApiException(operation, response.StatusCode, code, message ?? Http.ODataError.FirstLine(body, 200));
    }
}
