using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Trig.Crm.Testing.Stubs;

/// <summary>Fake Slack responses, shaped after the examples and schemas of Slack's spec (slack/slack_web_openapi_v2.json).</summary>
internal static class SlackStubs
{
    public const string Ts = "1503435956.000247";

    public static void LookupFound(this WireMockServer server, string email, string userId) =>
        server.Given(Request.Create().WithPath("/api/users.lookupByEmail").UsingGet().WithParam("email", email))
            .RespondWith(Json($$$"""
                {"ok":true,"user":{"id":"{{{userId}}}","team_id":"T012AB3C4","name":"spengler","deleted":false,
                 "real_name":"Egon Spengler","tz":"America/Los_Angeles","is_bot":false,
                 "profile":{"email":"{{{email}}}","display_name":"spengler","real_name":"Egon Spengler","team":"T012AB3C4"} } }
                """));

    public static void LookupNotFound(this WireMockServer server, string email) =>
        server.Given(Request.Create().WithPath("/api/users.lookupByEmail").UsingGet().WithParam("email", email))
            .RespondWith(Json("""{"ok":false,"error":"users_not_found"}"""));

    public static void PostOk(this WireMockServer server, string channel = "C1H9RESGL") =>
        server.Given(Request.Create().WithPath("/api/chat.postMessage").UsingPost())
            .RespondWith(Json($$$"""
                {"ok":true,"channel":"{{{channel}}}","ts":"{{{Ts}}}",
                 "message":{"bot_id":"B19LU7CSY","subtype":"bot_message","text":"Here's a message for you","ts":"{{{Ts}}}","type":"message","username":"trig"}}
                """));

    public static void PostError(this WireMockServer server, string error) =>
        server.Given(Request.Create().WithPath("/api/chat.postMessage").UsingPost())
            .RespondWith(Json($$$"""{"ok":false,"error":"{{{error}}}"}"""));

    public static void OpenOk(this WireMockServer server, string dmId) =>
        server.Given(Request.Create().WithPath("/api/conversations.open").UsingPost())
            .RespondWith(Json($$$"""{"ok":true,"channel":{"id":"{{{dmId}}}"}}"""));

    public static void History(this WireMockServer server, string messagesJson, bool hasMore = false) =>
        server.Given(Request.Create().WithPath("/api/conversations.history").UsingGet())
            .RespondWith(Json($$$"""
                {"ok":true,"messages":{{{messagesJson}}},"has_more":{{{(hasMore ? "true" : "false")}}},"pin_count":0,
                 "channel_actions_ts":null,"channel_actions_count":0,"response_metadata":{"next_cursor":""}}
                """));

    /// <summary><c>conversations.list</c>: one page with the given channels (name without <c>#</c>, id).</summary>
    public static void ChannelsList(this WireMockServer server, params (string Name, string Id)[] channels) =>
        server.Given(Request.Create().WithPath("/api/conversations.list").UsingGet())
            .RespondWith(Json($$$"""
                {"ok":true,"channels":[{{{string.Join(",", channels.Select(c => $$"""{"id":"{{c.Id}}","name":"{{c.Name}}","is_channel":true,"is_archived":false,"is_member":true}"""))}}}],
                 "response_metadata":{"next_cursor":""}}
                """));

    public static IResponseBuilder Json(string body, int status = 200) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json; charset=utf-8").WithBody(body);
}
