namespace Trig.Crm.Worker.Endpoints;

/// <summary>
/// The outcome of <see cref="HubSpotRequestVerifier.VerifyAsync"/>: a valid signature (with the body it covered), a
/// refused one (401), or a body over the endpoint's limit (413). A refused request's body may not have been read at all.
/// </summary>
internal sealed record SignedBody(bool Valid, bool TooLarge, byte[] Body)
{
    public static SignedBody Refused { get; } = new(false, false, []);

    public static SignedBody Oversized { get; } = new(false, true, []);
}
