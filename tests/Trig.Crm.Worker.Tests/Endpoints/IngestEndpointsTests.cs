using Trig.Crm.Engine.Cycle;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using static Trig.Crm.Worker.Tests.Support.IngestTestHost;

namespace Trig.Crm.Worker.Tests.Endpoints;

public sealed class IngestEndpointsTests
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Identify_KnownPerson_SetsTraitsTypedBySchema()
    {
        await using var h = await StartAsync();
        await h.SeedAsync(Organisation("o1"), Person("p1", "o1", ("email", AttributeValue.Of("ann@example.com"))));

        var r = await h.PostAsync("/v1/identify", """
            {"userId":"p1","traits":{"logins":"12","vip":true,"signed_up_at":"2026-03-01T10:00:00Z","first_name":"Ann","plan":null},"messageId":"m-1"}
            """);

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var body = await JsonAsync(r);
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal(1, body.GetProperty("applied").GetInt32());
        var p = await h.Store.LoadEntityAsync(EntityKind.Person, "p1", default);
        Assert.Equal(12, p!.Attributes["logins"].AsNumber); // declared number: the string is typed
        Assert.True(p.Attributes["vip"].AsBool);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero), p.Attributes["signed_up_at"].AsDateTime);
        Assert.Equal("Ann", p.Attributes["first_name"].AsString);
        Assert.Equal("ann@example.com", p.Attributes["email"].AsString);
    }

    [Fact]
    public async Task Identify_NullTrait_RemovesAttribute()
    {
        await using var h = await StartAsync();
        await h.SeedAsync(Person("p1", null, ("logins", AttributeValue.Of(3))));

        var r = await h.PostAsync("/v1/identify", """{"userId":"p1","traits":{"logins":null}}""");

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.False((await h.Store.LoadEntityAsync(EntityKind.Person, "p1", default))!.Attributes.ContainsKey("logins"));
    }

    [Fact]
    public async Task Group_KnownOrganisation_SetsTraitsAndLinksPersonWithoutOrganisation()
    {
        await using var h = await StartAsync();
        await h.SeedAsync(Organisation("o1"), Organisation("o2"), Person("p1", null), Person("p2", "o2"));

        Assert.Equal(HttpStatusCode.OK, (await h.PostAsync("/v1/group", """{"userId":"p1","groupId":"o1","traits":{"name":"Acme","seats":25}}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await h.PostAsync("/v1/group", """{"userId":"p2","groupId":"o1","traits":{}}""")).StatusCode);

        var o = await h.Store.LoadEntityAsync(EntityKind.Organisation, "o1", default);
        Assert.Equal("Acme", o!.Attributes["name"].AsString);
        Assert.Equal(25, o.Attributes["seats"].AsNumber);
        Assert.Equal("o1", (await h.Store.LoadEntityAsync(EntityKind.Person, "p1", default))!.OrganisationId);
        Assert.Equal("o2", (await h.Store.LoadEntityAsync(EntityKind.Person, "p2", default))!.OrganisationId); // the CRM's link stays
    }

    [Fact]
    public async Task Track_KnownPerson_StoresEventWithGivenTimestampAndReceivedTime()
    {
        await using var h = await StartAsync();
        await h.SeedAsync(Organisation("o1"), Person("p1", "o1"));

        var r = await h.PostAsync("/v1/track", """
            {"userId":"p1","event":"login","properties":{"plan":"pro"},"timestamp":"2099-01-01T00:00:00Z","messageId":"t-1"}
            """);

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(1, h.Scalar("SELECT COUNT(*) FROM events WHERE kind = 1 AND entity_id = 'p1' AND name = 'login' AND organisation_id = 'o1' AND message_id = 't-1'"));
        Assert.Equal(new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), h.Scalar("SELECT occurred_at FROM events"));
        var received = h.Scalar("SELECT received_at FROM events");
        Assert.InRange(received, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Equal("""{"plan":"pro"}""", h.Text("SELECT properties FROM events"));
    }

    [Fact]
    public async Task Track_WithContextGroupId_GoesOnTheOrganisation()
    {
        await using var h = await StartAsync();
        await h.SeedAsync(Organisation("o1"), Organisation("o2"), Person("p1", "o1"));

        // An anonymous user: only the group is known.
        await h.PostAsync("/v1/track", """{"anonymousId":"anon-1","event":"activated","context":{"groupId":"o2"},"messageId":"a"}""");
        // A known person acting in another organisation: the event counts for that organisation too.
        await h.PostAsync("/v1/track", """{"userId":"p1","event":"login","context":{"groupId":"o2"},"messageId":"b"}""");

        Assert.Equal(1, h.Scalar("SELECT COUNT(*) FROM events WHERE kind = 0 AND entity_id = 'o2' AND name = 'activated'"));
        Assert.Equal(1, h.Scalar("SELECT COUNT(*) FROM events WHERE kind = 1 AND entity_id = 'p1' AND name = 'login'"));
        Assert.Equal(1, h.Scalar("SELECT COUNT(*) FROM events WHERE kind = 0 AND entity_id = 'o2' AND name = 'login'"));
        Assert.Equal(0, h.Scalar("SELECT COUNT(*) FROM ingest_pending"));
    }

    [Fact]
    public async Task Batch_MixedTypes_AppliesAllAndIgnoresPageCalls()
    {
        await using var h = await StartAsync();
        await h.SeedAsync(Organisation("o1"), Person("p1", "o1"));

        var r = await h.PostAsync("/v1/batch", """
            {"batch":[
              {"type":"identify","userId":"p1","traits":{"logins":4},"messageId":"1"},
              {"type":"group","userId":"p1","groupId":"o1","traits":{"seats":9},"messageId":"2"},
              {"type":"track","userId":"p1","event":"login","messageId":"3"},
              {"type":"page","userId":"p1","name":"Home","messageId":"4"}
            ],"context":{"library":{"name":"analytics-node"}}}
            """);

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var body = await JsonAsync(r);
        Assert.Equal(3, body.GetProperty("applied").GetInt32());
        Assert.Equal(1, body.GetProperty("ignored").GetInt32());
        Assert.Equal(4, (await h.Store.LoadEntityAsync(EntityKind.Person, "p1", default))!.Attributes["logins"].AsNumber);
        Assert.Equal(9, (await h.Store.LoadEntityAsync(EntityKind.Organisation, "o1", default))!.Attributes["seats"].AsNumber);
        Assert.Equal(1, h.Scalar("SELECT COUNT(*) FROM events WHERE entity_id = 'p1' AND name = 'login'"));
    }

    [Fact]
    public async Task Auth_MissingOrWrongWriteKey_Is401AndStoresNothing()
    {
        await using var h = await StartAsync();
        await h.SeedAsync(Person("p1", null));
        var before = h.Footprint();
        const string body = """{"userId":"p1","event":"login"}""";

        h.Client.DefaultRequestHeaders.Authorization = null;
        Assert.Equal(HttpStatusCode.Unauthorized, (await h.PostAsync("/v1/track", body)).StatusCode);
        h.Client.DefaultRequestHeaders.Authorization = Basic("wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await h.PostAsync("/v1/track", body)).StatusCode);
        h.Client.DefaultRequestHeaders.Authorization = new("Bearer", WriteKey);
        Assert.Equal(HttpStatusCode.Unauthorized, (await h.PostAsync("/v1/batch", """{"batch":[]}""")).StatusCode);

        Assert.Equal(before, h.Footprint());
        h.Client.DefaultRequestHeaders.Authorization = Basic(WriteKey);
        Assert.Equal(HttpStatusCode.OK, (await h.PostAsync("/v1/track", body)).StatusCode);
    }

    [Fact]
    public async Task Auth_NoWriteKeyConfigured_RefusesEveryCall()
    {
        await using var h = await StartAsync(writeKey: null);
        h.Client.DefaultRequestHeaders.Authorization = Basic("");
        Assert.Equal(HttpStatusCode.Unauthorized, (await h.PostAsync("/v1/identify", """{"userId":"p1"}""")).StatusCode);
        h.Client.DefaultRequestHeaders.Authorization = Basic("anything");
        Assert.Equal(HttpStatusCode.Unauthorized, (await h.PostAsync("/v1/track", """{"userId":"p1","event":"x"}""")).StatusCode);
        Assert.Equal(0, h.Scalar("SELECT COUNT(*) FROM ingest_messages"));
    }

    [Theory]
    [InlineData("/v1/identify", """{"traits":{"logins":1}}""", "userId")]
    [InlineData("/v1/identify", """{"userId":"", "anonymousId":null}""", "userId")]
    [InlineData("/v1/identify", """{"userId":{"id":1}}""", "userId")]
    [InlineData("/v1/identify", """{"userId":"p1","traits":"vip"}""", "traits")]
    [InlineData("/v1/identify", """{"userId":"p1","traits":{"logins":"many"}}""", "traits.logins")]
    [InlineData("/v1/identify", """{"userId":"p1","traits":{"vip":"yes"}}""", "traits.vip")]
    [InlineData("/v1/identify", """{"userId":"p1","timestamp":"yesterday"}""", "timestamp")]
    [InlineData("/v1/identify", """{"userId":"p1","timestamp":1700000000}""", "timestamp")]
    [InlineData("/v1/identify", """{"userId":"p1","messageId":42}""", "messageId")]
    [InlineData("/v1/identify", """{"userId":"p1","context":[]}""", "context")]
    [InlineData("/v1/group", """{"userId":"p1","traits":{}}""", "groupId")]
    [InlineData("/v1/group", """{"userId":"p1","groupId":true}""", "groupId")]
    [InlineData("/v1/group", """{"userId":"p1","groupId":"o1","traits":{"seats":"lots"}}""", "traits.seats")]
    [InlineData("/v1/track", """{"userId":"p1"}""", "event")]
    [InlineData("/v1/track", """{"userId":"p1","event":7}""", "event")]
    [InlineData("/v1/track", """{"userId":"p1","event":"   "}""", "event")]
    [InlineData("/v1/track", """{"userId":"p1","event":"login","properties":[1,2]}""", "properties")]
    [InlineData("/v1/track", """{"userId":"p1","event":"login","context":{"groupId":[1]}}""", "context.groupId")]
    [InlineData("/v1/track", """{"userId":"p1","event":"login""", "")]
    [InlineData("/v1/batch", """{"batch":{}}""", "batch")]
    [InlineData("/v1/batch", """[]""", "")]
    [InlineData("/v1/batch", """{"batch":[{"userId":"p1","event":"login"}]}""", "batch[0].type")]
    [InlineData("/v1/batch", """{"batch":[{"type":"purchase","userId":"p1"}]}""", "batch[0].type")]
    [InlineData("/v1/batch", """{"batch":[42]}""", "batch[0]")]
    public async Task Validation_BadMessage_Is400NamingTheFieldAndStoresNothing(string path, string json, string field)
    {
        await using var h = await StartAsync();
        await h.SeedAsync(Organisation("o1"), Person("p1", "o1", ("logins", AttributeValue.Of(1))));
        var before = h.Footprint();

        var r = await h.PostAsync(path, json);

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var body = await JsonAsync(r);
        Assert.Equal("invalid", body.GetProperty("error").GetString());
        Assert.Equal(field, body.GetProperty("field").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
        Assert.Equal(before, h.Footprint());
    }

    [Fact]
    public async Task Batch_OneBadMessage_RefusesTheWholeBatchNamingIt()
    {
        await using var h = await StartAsync();
        await h.SeedAsync(Organisation("o1"), Person("p1", "o1"));
        var before = h.Footprint();

        var r = await h.PostAsync("/v1/batch", """
            {"batch":[
              {"type":"identify","userId":"p1","traits":{"logins":4}},
              {"type":"track","userId":"p1","event":"login"},
              {"type":"group","userId":"p1","groupId":"o1"},
              {"type":"track","userId":"p1","event":"login","timestamp":"not a time"},
              {"type":"track","userId":"p9","event":"login"}
            ]}
            """);

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var body = await JsonAsync(r);
        Assert.Equal("batch[3].timestamp", body.GetProperty("field").GetString());
        Assert.Equal(3, body.GetProperty("index").GetInt32());
        Assert.Equal(before, h.Footprint());
    }

    [Fact]
    public async Task Size_BodyOver32KbOrBatchOver500Kb_Is413_MessageOver32KbInABatch_Is400_AndStoresNothing()
    {
        await using var h = await StartAsync();
        await h.SeedAsync(Person("p1", null));
        var before = h.Footprint();
        var big = new string('x', 33 * 1024);

        var bio = "{\"bio\":\"" + big + "\"}";
        var single = await h.PostAsync("/v1/identify", "{\"userId\":\"p1\",\"traits\":" + bio + "}");
        var inBatch = await h.PostAsync("/v1/batch", "{\"batch\":[{\"type\":\"track\",\"userId\":\"p1\",\"event\":\"login\"},{\"type\":\"identify\",\"userId\":\"p1\",\"traits\":" + bio + "}]}");
        var items = string.Join(',', Enumerable.Range(0, 25).Select(i => "{\"type\":\"identify\",\"userId\":\"p1\",\"traits\":{\"bio" + i + "\":\"" + new string('y', 30 * 1024) + "\"}}"));
        var batch = await h.PostAsync("/v1/batch", "{\"batch\":[" + items + "]}");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, single.StatusCode);
        Assert.Contains("32768 bytes", (await JsonAsync(single)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, inBatch.StatusCode);
        Assert.Equal("batch[1]", (await JsonAsync(inBatch)).GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, batch.StatusCode);
        Assert.Contains("512000 bytes", (await JsonAsync(batch)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, h.Footprint());
    }

    [Fact]
    public async Task MessageId_Repeated_IsIgnoredForEventsAndTraits()
    {
        await using var h = await StartAsync();
        await h.SeedAsync(Person("p1", null));

        await h.PostAsync("/v1/track", """{"userId":"p1","event":"login","messageId":"dup-1"}""");
        var again = await JsonAsync(await h.PostAsync("/v1/track", """{"userId":"p1","event":"login","messageId":"dup-1"}"""));
        await h.PostAsync("/v1/identify", """{"userId":"p1","traits":{"logins":5},"messageId":"dup-2"}""");
        await h.PostAsync("/v1/identify", """{"userId":"p1","traits":{"logins":6},"messageId":"id-3"}""");
        var replay = await JsonAsync(await h.PostAsync("/v1/identify", """{"userId":"p1","traits":{"logins":5},"messageId":"dup-2"}"""));
        // The same payload without a messageId twice: its content hash deduplicates it.
        await h.PostAsync("/v1/track", """{"userId":"p1","event":"activated","timestamp":"2026-01-01T00:00:00Z"}""");
        await h.PostAsync("/v1/track", """{"userId":"p1","event":"activated","timestamp":"2026-01-01T00:00:00Z"}""");

        Assert.Equal(1, again.GetProperty("duplicates").GetInt32());
        Assert.Equal(1, replay.GetProperty("duplicates").GetInt32());
        Assert.Equal(1, h.Scalar("SELECT COUNT(*) FROM events WHERE name = 'login'"));
        Assert.Equal(1, h.Scalar("SELECT COUNT(*) FROM events WHERE name = 'activated'"));
        Assert.Equal(6, (await h.Store.LoadEntityAsync(EntityKind.Person, "p1", default))!.Attributes["logins"].AsNumber);
    }

    [Fact]
    public async Task Identity_UnmatchedThenMatched_KeepsMessagesAndLinksThemAfterThePull()
    {
        await using var h = await StartAsync();

        var r = await JsonAsync(await h.PostAsync("/v1/batch", """
            {"batch":[
              {"type":"identify","userId":"p9","traits":{"logins":11},"messageId":"u1"},
              {"type":"track","userId":"p9","event":"login","messageId":"u2"},
              {"type":"group","anonymousId":"anon-9","groupId":"o9","traits":{"seats":3},"messageId":"u3"}
            ]}
            """));

        Assert.Equal(3, r.GetProperty("pending").GetInt32());
        Assert.Equal(3, await h.Store.CountPendingAsync(default));
        Assert.Equal(0, h.Scalar("SELECT COUNT(*) FROM events"));
        Assert.Null(await h.Store.LoadEntityAsync(EntityKind.Person, "p9", default)); // ingest creates no CRM records

        // The CRM record appears; the next cycle's pull (any provider) re-checks the pending ids.
        await h.SeedAsync(Organisation("o9"), Person("p9", "o9"));
        await h.Services.GetRequiredService<FullCycle>().RunAsync(new FullCycleRequest(Push: false, Metrics: false), default);

        Assert.Equal(0, await h.Store.CountPendingAsync(default));
        Assert.Equal(11, (await h.Store.LoadEntityAsync(EntityKind.Person, "p9", default))!.Attributes["logins"].AsNumber);
        Assert.Equal(3, (await h.Store.LoadEntityAsync(EntityKind.Organisation, "o9", default))!.Attributes["seats"].AsNumber);
        Assert.Equal(1, h.Scalar("SELECT COUNT(*) FROM events WHERE kind = 1 AND entity_id = 'p9' AND name = 'login' AND message_id = 'u2'"));
    }

    [Fact]
    public async Task Identity_AnonymousThenIdentified_LinksEarlierEvents()
    {
        await using var h = await StartAsync();
        await h.SeedAsync(Person("p1", null));

        await h.PostAsync("/v1/track", """{"anonymousId":"a-77","event":"login","messageId":"x1"}""");
        Assert.Equal(1, await h.Store.CountPendingAsync(default));
        await h.PostAsync("/v1/identify", """{"userId":"p1","anonymousId":"a-77","traits":{},"messageId":"x2"}""");
        await h.Store.ResolvePendingAsync(h.Services.GetRequiredService<Trig.Crm.Ingest.Identity.IngestIdentityProvider>().Identity, default);

        Assert.Equal(0, await h.Store.CountPendingAsync(default));
        Assert.Equal(1, h.Scalar("SELECT COUNT(*) FROM events WHERE kind = 1 AND entity_id = 'p1' AND message_id = 'x1'"));
    }

    [Fact]
    public async Task Identity_EmailKey_MatchesByTraitThenTracksByUserId()
    {
        await using var h = await StartAsync(WriteKey, "--Trig:Ingest:PersonKey=email");
        await h.SeedAsync(Person("crm-42", null, ("email", AttributeValue.Of("Bob@Example.com"))));

        await h.PostAsync("/v1/identify", """{"userId":"prod-u-1","traits":{"email":"bob@example.com","logins":2}}""");
        await h.PostAsync("/v1/track", """{"userId":"prod-u-1","event":"login"}""");
        await h.PostAsync("/v1/track", """{"userId":"bob@example.com","event":"activated"}""");

        Assert.Equal(2, (await h.Store.LoadEntityAsync(EntityKind.Person, "crm-42", default))!.Attributes["logins"].AsNumber);
        Assert.Equal(2, h.Scalar("SELECT COUNT(*) FROM events WHERE kind = 1 AND entity_id = 'crm-42'"));
        Assert.Equal(0, await h.Store.CountPendingAsync(default));
    }

    [Fact]
    public async Task Identity_ProductIdKeys_MatchPeopleAndOrganisationsByCrmProperty()
    {
        await using var h = await StartAsync(WriteKey, "--Trig:Ingest:PersonKey=product_user_id", "--Trig:Ingest:OrganisationKey=product_account_id");
        await h.SeedAsync(
            Organisation("crm-org-1", ("product_account_id", AttributeValue.Of("acct-7"))),
            Person("crm-p-1", "crm-org-1", ("product_user_id", AttributeValue.Of("usr-7"))));

        await h.PostAsync("/v1/group", """{"userId":"usr-7","groupId":"acct-7","traits":{"seats":40}}""");
        await h.PostAsync("/v1/track", """{"userId":"usr-7","event":"login"}""");
        await h.PostAsync("/v1/track", """{"userId":"crm-p-1","event":"login"}""");

        Assert.Equal(40, (await h.Store.LoadEntityAsync(EntityKind.Organisation, "crm-org-1", default))!.Attributes["seats"].AsNumber);
        Assert.Equal(1, h.Scalar("SELECT COUNT(*) FROM events WHERE kind = 1 AND entity_id = 'crm-p-1'"));
        Assert.Equal(1, await h.Store.CountPendingAsync(default)); // the CRM id is not the product key
    }
}
