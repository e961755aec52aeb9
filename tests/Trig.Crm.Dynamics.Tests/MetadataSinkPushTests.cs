using System.Text;
using System.Text.RegularExpressions;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Testing.Stubs;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Trig.Crm.Dynamics.Tests;

public sealed partial class MetadataSinkPushTests
{
    private const string R1 = "e86748d4-a44a-4982-8bcc-ec00be9db6cd";
    private const string R2 = "0a1b2c3d-0000-4000-8000-000000000002";
    private const string P1 = "59c45a50-59a5-e511-80f0-3863bb2e34f8";
    private const string ResponseBoundary = "batchresponse_c1bd45c1-dd81-470f-ac6e-a5a4a1f2d9d4";

    private static readonly MetadataProperty[] Properties =
    [
        new(EntityKind.Organisation, "currently_member_of_onboarding", MetadataType.Bool, "Currently in Onboarding"),
        new(EntityKind.Organisation, "last_entered_onboarding", MetadataType.DateTime, "Last entered Onboarding"),
        new(EntityKind.Organisation, "current_stage", MetadataType.String, "Current stage"),
        new(EntityKind.Person, "currently_member_of_onboarding", MetadataType.Bool, "Currently in Onboarding"),
    ];

    private static string Part(string statusLine, string? json = null, string? extraHeaders = null) =>
        $"--{ResponseBoundary}\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n{statusLine}\r\n{extraHeaders}"
        + (json is null ? "OData-Version: 4.0\r\n\r\n\r\n" : $"Content-Type: application/json; odata.metadata=minimal\r\nOData-Version: 4.0\r\n\r\n{json}\r\n");

    private static ResponseMessage BatchResponse(params string[] parts) => new()
    {
        StatusCode = 200,
        Headers = new Dictionary<string, WireMock.Types.WireMockList<string>> { ["Content-Type"] = new($"multipart/mixed; boundary={ResponseBoundary}"), ["OData-Version"] = new("4.0") },
        BodyData = new WireMock.Util.BodyData { BodyAsString = string.Concat(parts) + $"--{ResponseBoundary}--\r\n", DetectedBodyType = WireMock.Types.BodyType.String },
    };

    private static void StubExistingColumns(DataverseTestHost host) =>
        host.Org.Given(Request.Create().WithPath(DataverseTestHost.Api + "EntityDefinitions*").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"LogicalName":"x"}"""));

    /// <summary>Answers the column-type read of <paramref name="table"/> with these (logical name, AttributeType) columns; returns the reads made.</summary>
    private static Func<int> StubColumnTypes(DataverseTestHost host, string table, params (string Column, string Type)[] columns)
    {
        var reads = 0;
        var value = string.Join(",", columns.Select(c => $$"""{"LogicalName":"{{c.Column}}","AttributeType":"{{c.Type}}","MetadataId":"4a3e1f2b-0000-4000-8000-000000000001"}"""));
        host.Org.Given(Request.Create().WithPath(DataverseTestHost.Api + $"EntityDefinitions(LogicalName='{table}')/Attributes").UsingGet())
            .RespondWith(Response.Create().WithCallback(_ =>
            {
                Interlocked.Increment(ref reads);
                return DataverseStub.Json(200, $$"""{"@odata.context":"x","value":[{{value}}]}""");
            }));
        return () => Volatile.Read(ref reads);
    }

    private static string BodyOf(IRequestMessage r) => r.BodyAsBytes is { } bytes ? Encoding.UTF8.GetString(bytes) : r.Body!;

    private static string BoundaryOf(IRequestMessage r)
    {
        var contentType = DataverseTestHost.Header(r, "Content-Type")!;
        var match = BoundaryPattern().Match(contentType);
        Assert.True(match.Success, contentType);
        return match.Groups[1].Value;
    }

    [GeneratedRegex("^multipart/mixed; boundary=\"(batch_[0-9a-f-]{36})\"$")]
    private static partial Regex BoundaryPattern();

    [Fact]
    public async Task Push_MixedPartStatuses_ExactMultipartRequestAndClassifiedOutcomes()
    {
        using var host = new DataverseTestHost();
        StubExistingColumns(host);
        await host.Sink.ProvisionAsync(Properties, CancellationToken.None);
        host.Org.Given(Request.Create().WithPath(DataverseTestHost.Api + "$batch").UsingPost()).RespondWith(Response.Create().WithCallback(_ => BatchResponse(
            Part("HTTP/1.1 204 No Content"),
            Part("HTTP/1.1 400 Bad Request", """{"error":{"code":"0x80040265","message":"A validation error occurred. The length of the 'trig_current_stage' attribute exceeded the maximum allowed length of '200'."}}""", "REQ_ID: 5ecd1cb3-1730-4ffc-909c-d44c22270026\r\n"),
            Part("HTTP/1.1 404 Not Found", """{"error":{"code":"0x80040217","message":"Entity 'contact' With Id = 59c45a50-59a5-e511-80f0-3863bb2e34f8 Does Not Exist"}}"""))));
        MetadataChange[] changes =
        [
            new(EntityKind.Organisation, R1, "currently_member_of_onboarding", "true"),
            new(EntityKind.Organisation, R2, "current_stage", null),
            new(EntityKind.Organisation, R1, "last_entered_onboarding", "2026-01-31T09:00:00.000Z"),
            new(EntityKind.Person, P1, "currently_member_of_onboarding", "false"),
        ];

        var result = await host.Sink.PushAsync(changes, CancellationToken.None);

        var batch = Assert.Single(host.OrgRequests("/$batch"));
        Assert.Equal("POST", batch.Method);
        Assert.Equal("odata.continue-on-error", DataverseTestHost.Header(batch, "Prefer"));
        Assert.Equal("4.0", DataverseTestHost.Header(batch, "OData-Version"));
        var b = BoundaryOf(batch);
        var expected =
            $"--{b}\r\n" +
            "Content-Type: application/http\r\n" +
            "Content-Transfer-Encoding: binary\r\n" +
            "\r\n" +
            $"PATCH /api/data/v9.2/accounts({R1}) HTTP/1.1\r\n" +
            "Content-Type: application/json; type=entry\r\n" +
            "If-Match: *\r\n" +
            "\r\n" +
            """{"trig_currently_member_of_onboarding":true,"trig_last_entered_onboarding":"2026-01-31T09:00:00.000Z"}""" + "\r\n" +
            $"--{b}\r\n" +
            "Content-Type: application/http\r\n" +
            "Content-Transfer-Encoding: binary\r\n" +
            "\r\n" +
            $"PATCH /api/data/v9.2/accounts({R2}) HTTP/1.1\r\n" +
            "Content-Type: application/json; type=entry\r\n" +
            "If-Match: *\r\n" +
            "\r\n" +
            """{"trig_current_stage":null}""" + "\r\n" +
            $"--{b}\r\n" +
            "Content-Type: application/http\r\n" +
            "Content-Transfer-Encoding: binary\r\n" +
            "\r\n" +
            $"PATCH /api/data/v9.2/contacts({P1}) HTTP/1.1\r\n" +
            "Content-Type: application/json; type=entry\r\n" +
            "If-Match: *\r\n" +
            "\r\n" +
            """{"trig_currently_member_of_onboarding":false}""" + "\r\n" +
            $"--{b}--\r\n";
        Assert.Equal(expected, BodyOf(batch));

        Assert.Equal([changes[0], changes[2]], result.Written);
        Assert.Equal([changes[3]], result.Dropped);
        var failure = Assert.Single(result.Failed);
        Assert.Equal(changes[1], failure.Change);
        Assert.False(failure.Transient);
        Assert.Equal("400 BadRequest 0x80040265: A validation error occurred. The length of the 'trig_current_stage' attribute exceeded the maximum allowed length of '200'.", failure.Reason);
        Assert.Equal(1, result.Requests);
    }

    [Fact]
    public async Task Push_TransientPartFailure_IsReportedTransient()
    {
        using var host = new DataverseTestHost();
        host.Org.Given(Request.Create().WithPath(DataverseTestHost.Api + "$batch").UsingPost()).RespondWith(Response.Create().WithCallback(_ => BatchResponse(
            Part("HTTP/1.1 503 Service Unavailable", """{"error":{"code":"0x80040216","message":"An unexpected error occurred."}}"""),
            Part("HTTP/1.1 412 Precondition Failed", """{"error":{"code":"0x80060882","message":"The version of the existing record doesn't match the RowVersion property provided."}}"""))));

        var result = await host.Sink.PushAsync(
            [new(EntityKind.Organisation, R1, "current_stage", "trial"), new(EntityKind.Organisation, R2, "current_stage", "paid")],
            CancellationToken.None);

        Assert.Empty(result.Written);
        Assert.Equal([true, false], result.Failed.Select(f => f.Transient));
        Assert.StartsWith("503 ", result.Failed[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_ManyRecords_OnePatchPerRecordInBatchesOfMaxBatchOperations()
    {
        using var host = new DataverseTestHost(new() { ["Trig:Dataverse:MaxBatchOperations"] = "2" });
        host.Org.Given(Request.Create().WithPath(DataverseTestHost.Api + "$batch").UsingPost()).RespondWith(Response.Create().WithCallback(r =>
        {
            var parts = Regex.Count(BodyOf(r), "^PATCH ", RegexOptions.Multiline);
            return BatchResponse(Enumerable.Repeat(Part("HTTP/1.1 204 No Content"), parts).ToArray());
        }));
        var typeReads = StubColumnTypes(host, "account", ("trig_current_stage", "String"), ("trig_currently_member_of_trial", "Boolean"));
        var ids = Enumerable.Range(1, 5).Select(i => $"0a1b2c3d-0000-4000-8000-00000000000{i}").ToArray();
        var changes = ids.SelectMany(id => new MetadataChange[]
        {
            new(EntityKind.Organisation, id, "current_stage", "trial"),
            new(EntityKind.Organisation, id, "currently_member_of_trial", "true"),
        }).ToArray();

        var result = await host.Sink.PushAsync(changes, CancellationToken.None);

        var batches = host.OrgRequests("/$batch");
        Assert.Equal(3, batches.Count);
        Assert.Equal(1, typeReads());
        Assert.Equal(3 + 1, result.Requests);
        Assert.Equal([2, 2, 1], batches.Select(r => Regex.Count(BodyOf(r), "^PATCH ", RegexOptions.Multiline)).Order().Reverse());
        Assert.Equal(10, result.Written.Count);
        Assert.Empty(result.Failed);
    }

    [Fact]
    public async Task Push_Throttled_WaitsFullRetryAfterOnTheClockThenResendsWithoutLosingWrites()
    {
        using var host = new DataverseTestHost();
        var batches = 0;
        host.Org.Given(Request.Create().WithPath(DataverseTestHost.Api + "$batch").UsingPost()).RespondWith(Response.Create().WithCallback(_ =>
            Interlocked.Increment(ref batches) == 1
                ? DataverseStub.Json(429, WebApiSamples.Error("0x80072322", "Number of requests exceeded the limit of 6000 over time window of 300 seconds."), new() { ["Retry-After"] = "30" })
                : BatchResponse(Part("HTTP/1.1 204 No Content"))));
        var change = new MetadataChange(EntityKind.Organisation, R1, "current_stage", "trial");

        var push = host.Sink.PushAsync([change], CancellationToken.None);

        await WaitUntil(() => host.Gate.BlockedUntil is not null);
        Assert.Equal(host.Time.GetUtcNow().AddSeconds(30), host.Gate.BlockedUntil);
        Assert.Equal(1, host.Gate.CurrentLimit);
        host.Time.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(200);
        Assert.Equal(1, Volatile.Read(ref batches));
        Assert.False(push.IsCompleted);

        host.Time.Advance(TimeSpan.FromSeconds(1));
        var result = await push.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, batches);
        Assert.Equal([change], result.Written);
        Assert.Empty(result.Failed);
        var sent = host.OrgRequests("/$batch");
        Assert.Equal(BodyOf(sent[0]), BodyOf(sent[1]));
        Assert.Contains(result.Notes, n => n.Contains("throttled 1", StringComparison.Ordinal));
        Assert.Equal(2, host.Gate.CurrentLimit);
    }

    [Fact]
    public async Task Push_ThrottledPartInsideBatch_IsResentAloneAfterItsRetryAfter()
    {
        using var host = new DataverseTestHost();
        var batches = 0;
        host.Org.Given(Request.Create().WithPath(DataverseTestHost.Api + "$batch").UsingPost()).RespondWith(Response.Create().WithCallback(_ =>
            Interlocked.Increment(ref batches) == 1
                ? BatchResponse(
                    Part("HTTP/1.1 204 No Content"),
                    Part("HTTP/1.1 429 Too Many Requests", """{"error":{"code":"0x80072321","message":"Combined execution time of incoming requests exceeded limit of 1,200,000 milliseconds over time window of 300 seconds."}}""", "Retry-After: 5\r\n"))
                : BatchResponse(Part("HTTP/1.1 204 No Content"))));
        var typeReads = StubColumnTypes(host, "account", ("trig_current_stage", "String"));
        MetadataChange[] changes = [new(EntityKind.Organisation, R1, "current_stage", "trial"), new(EntityKind.Organisation, R2, "current_stage", "paid")];

        var push = host.Sink.PushAsync(changes, CancellationToken.None);

        await WaitUntil(() => host.Gate.BlockedUntil is not null);
        Assert.Equal(host.Time.GetUtcNow().AddSeconds(5), host.Gate.BlockedUntil);
        Assert.False(push.IsCompleted);
        host.Time.Advance(TimeSpan.FromSeconds(5));
        var result = await push.WaitAsync(TimeSpan.FromSeconds(10));

        var sent = host.OrgRequests("/$batch");
        Assert.Equal(2, sent.Count);
        Assert.Contains($"PATCH /api/data/v9.2/accounts({R2}) HTTP/1.1", BodyOf(sent[1]), StringComparison.Ordinal);
        Assert.DoesNotContain(R1, BodyOf(sent[1]), StringComparison.Ordinal);
        Assert.Equal(changes, result.Written);
        Assert.Empty(result.Failed);
        Assert.Equal(1, typeReads());
        Assert.Equal(2 + 1, result.Requests);
    }

    [Fact]
    public async Task Push_ColumnTypeReadRefused_TypesFromTheTextAndReadsAgainOnTheNextPush()
    {
        using var host = new DataverseTestHost();
        var reads = 0;
        host.Org.Given(Request.Create().WithPath(DataverseTestHost.Api + "EntityDefinitions(LogicalName='contact')/Attributes").UsingGet())
            .RespondWith(Response.Create().WithCallback(_ => Interlocked.Increment(ref reads) == 1
                ? DataverseStub.Json(403, WebApiSamples.Error("0x80040220", "Principal user is missing prvReadAttribute privilege."))
                : DataverseStub.Json(200, """{"value":[{"LogicalName":"trig_current_stage","AttributeType":"String"}]}""")));
        host.Org.Given(Request.Create().WithPath(DataverseTestHost.Api + "$batch").UsingPost())
            .RespondWith(Response.Create().WithCallback(_ => BatchResponse(Part("HTTP/1.1 204 No Content"))));
        var change = new MetadataChange(EntityKind.Person, P1, "current_stage", "true");

        var results = new List<PushResult>();
        for (var i = 0; i < 3; i++)
        {
            results.Add(await host.Sink.PushAsync([change], CancellationToken.None));
        }

        Assert.Equal([2, 2, 1], results.Select(r => r.Requests));
        Assert.Equal(2, reads);
        Assert.All(results, r => Assert.Equal([change], r.Written));
        Assert.Equal(
            ["""{"trig_current_stage":true}""", """{"trig_current_stage":"true"}""", """{"trig_current_stage":"true"}"""],
            host.OrgRequests("/$batch").Select(r => JsonBodyPattern().Match(BodyOf(r)).Value));
    }

    [GeneratedRegex(@"^\{.*\}", RegexOptions.Multiline)]
    private static partial Regex JsonBodyPattern();

    [Fact]
    public async Task Push_ZeroChanges_MakesZeroRequests()
    {
        using var host = new DataverseTestHost();

        var result = await host.Sink.PushAsync([], CancellationToken.None);
        var provisioned = await host.Sink.ProvisionAsync([], CancellationToken.None);

        Assert.Same(PushResult.Empty, result);
        Assert.Equal(0, provisioned.Requests);
        Assert.Empty(host.Org.LogEntries);
        Assert.Empty(host.Authority.LogEntries);
    }

    [Fact]
    public async Task Push_NonGuidId_FailsPermanentlyWithoutARequest()
    {
        using var host = new DataverseTestHost();

        var result = await host.Sink.PushAsync([new(EntityKind.Organisation, "acme-1", "current_stage", "trial")], CancellationToken.None);

        var failure = Assert.Single(result.Failed);
        Assert.False(failure.Transient);
        Assert.Empty(host.Org.LogEntries);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
