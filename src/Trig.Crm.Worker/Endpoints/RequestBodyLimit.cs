namespace Trig.Crm.Worker.Endpoints;

/// <summary>
/// Endpoint metadata: the most bytes the endpoint accepts in a request body. <see cref="RequestBodyLimits"/> applies it
/// to the server (<c>IHttpMaxRequestBodySizeFeature</c>) before the handler runs, and the handlers read at most this much.
/// </summary>
internal sealed record RequestBodyLimit(long Bytes);
