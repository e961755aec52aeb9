using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace Trig.Crm.Dynamics.Tests;

/// <summary>Helpers to answer org requests from a callback (routing on the raw query, as Dataverse links are opaque).</summary>
public static class OrgStub
{
    public static ResponseMessage Json(int status, string body, Dictionary<string, string>? headers = null)
    {
        var h = new Dictionary<string, WireMockList<string>>
        {
            ["Content-Type"] = new("application/json; odata.metadata=minimal"),
            ["OData-Version"] = new("4.0"),
        };
        foreach (var (k, v) in headers ?? [])
        {
            h[k] = new(v);
        }

        return new ResponseMessage
        {
            StatusCode = status,
            Headers = h,
            BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String },
        };
    }

    public static void Get(WireMockServer server, string path, Func<IRequestMessage, ResponseMessage> respond) =>
        server.Given(Request.Create().WithPath(path).UsingGet()).RespondWith(Response.Create().WithCallback(respond));

    public static string Query(IRequestMessage request) => Uri.UnescapeDataString(request.RawQuery ?? "");
}
