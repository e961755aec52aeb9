namespace Trig.Crm.Dynamics.Auth;

/// <summary>
/// The token authority refused the client credentials (for example <c>invalid_client</c>). The message is one line
/// with the error and the first line of its description; it never contains the secret.
/// </summary>
internal sealed class DataverseAuthException : Exception
{
    public DataverseAuthException(string message)
        : base(message)
    {
    }

    public DataverseAuthException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DataverseAuthException()
    {
    }

    /// <summary>The OAuth error code (<c>invalid_client</c>, <c>invalid_scope</c>, …) when the authority sent one.</summary>
    public string? Error { get; init; }
}
