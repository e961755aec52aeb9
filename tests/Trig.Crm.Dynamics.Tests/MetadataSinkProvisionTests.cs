using System.Text.Json.Nodes;
using Trig.Crm.Lifecycle.Metadata;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;
using Trig.Crm.Testing.Stubs;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Trig.Crm.Dynamics.Tests;

public sealed class MetadataSinkProvisionTests
{
    private const string LongKey = "enterprise_onboarding_with_security_review";

    private static readonly MetadataProperty[] Properties =
    [
        new(EntityKind.Organisation, "currently_member_of_onboarding", MetadataType.Bool, "Currently in Onboarding"),
        new(EntityKind.Organisation, "last_entered_onboarding", MetadataType.DateTime, "Last entered Onboarding"),
        new(EntityKind.Organisation, MetadataNames.CurrentStage, MetadataType.String, "Current stage"),
        new(EntityKind.Organisation, MetadataNames.Summary, MetadataType.Memo, "Trig summary"),
        new(EntityKind.Organisation, "currently_member_of_" + LongKey, MetadataType.Bool, "Currently in Enterprise onboarding"),
        new(EntityKind.Person, "currently_member_of_onboarding", MetadataType.Bool, "Currently in Onboarding"),
    ];

    private static void StubAttributes(DataverseTestHost host, Func<string, bool> exists)
    {
        host.Org.Given(Request.Create().WithPath(DataverseTestHost.Api + "EntityDefinitions*").UsingGet())
            .RespondWith(Response.Create().WithCallback(r =>
            {
                var logical = r.Path.Split("Attributes(LogicalName='")[1].TrimEnd(')', '\'');
                return exists(logical)
                    ? DataverseStub.Json(200, $$"""{"@odata.context":"x","@odata.type":"#Microsoft.Dynamics.CRM.AttributeMetadata","LogicalName":"{{logical}}","MetadataId":"4a3e1f2b-0000-4000-8000-000000000001"}""")
                    : DataverseStub.Json(404, WebApiSamples.Error("0x80048d19", $"Could not find attribute with name {logical}."));
            }));
        host.Org.Given(Request.Create().WithPath(DataverseTestHost.Api + "EntityDefinitions*").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(204).WithHeader("OData-Version", "4.0"));
        host.Org.Given(Request.Create().WithPath(DataverseTestHost.Api + "PublishXml").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(204).WithHeader("OData-Version", "4.0"));
    }

    private static JsonObject Body(IRequestMessage r) => JsonNode.Parse(r.Body!)!.AsObject();

    [Fact]
    public async Task Provision_MissingColumns_AreCreatedInSolutionAndPublishedOnce()
    {
        using var host = new DataverseTestHost(new() { ["Trig:Dataverse:SolutionUniqueName"] = "TrigLifecycle" });
        StubAttributes(host, logical => logical == "trig_current_stage");

        var result = await host.Sink.ProvisionAsync(Properties, CancellationToken.None);

        var longName = MetadataNames.ToCrmName("trig_", "currently_member_of_" + LongKey, 50);
        Assert.Equal(50, longName.Length);
        Assert.Equal(["trig_currently_member_of_onboarding", "trig_last_entered_onboarding", "trig_summary", longName, "trig_currently_member_of_onboarding"], result.Created);
        Assert.Equal(["trig_current_stage"], result.Existing);
        Assert.Equal(6 + 5 + 1, result.Requests);

        var creates = host.OrgRequests().Where(r => r.Method == "POST" && r.Path.Contains("/Attributes", StringComparison.Ordinal)).ToArray();
        Assert.Equal(5, creates.Length);
        Assert.All(creates, r => Assert.Equal("TrigLifecycle", DataverseTestHost.Header(r, "MSCRM.SolutionUniqueName")));
        Assert.Equal(4, creates.Count(r => r.Path == DataverseTestHost.Api + "EntityDefinitions(LogicalName='account')/Attributes"));
        Assert.Single(creates, r => r.Path == DataverseTestHost.Api + "EntityDefinitions(LogicalName='contact')/Attributes");

        var boolean = Body(creates[0]);
        Assert.Equal("Microsoft.Dynamics.CRM.BooleanAttributeMetadata", (string?)boolean["@odata.type"]);
        Assert.Equal("trig_currently_member_of_onboarding", (string?)boolean["SchemaName"]);
        Assert.Equal("Currently in Onboarding", (string?)boolean["DisplayName"]!["LocalizedLabels"]![0]!["Label"]);
        Assert.Equal(1033, (int)boolean["DisplayName"]!["LocalizedLabels"]![0]!["LanguageCode"]!);
        Assert.Equal("None", (string?)boolean["RequiredLevel"]!["Value"]);
        Assert.Equal(1, (int)boolean["OptionSet"]!["TrueOption"]!["Value"]!);
        Assert.Equal("Yes", (string?)boolean["OptionSet"]!["TrueOption"]!["Label"]!["LocalizedLabels"]![0]!["Label"]);
        Assert.Equal(0, (int)boolean["OptionSet"]!["FalseOption"]!["Value"]!);

        var dateTime = Body(creates[1]);
        Assert.Equal("Microsoft.Dynamics.CRM.DateTimeAttributeMetadata", (string?)dateTime["@odata.type"]);
        Assert.Equal("trig_last_entered_onboarding", (string?)dateTime["SchemaName"]);
        Assert.Equal("DateAndTime", (string?)dateTime["Format"]);

        var memo = Body(creates[2]);
        Assert.Equal("Microsoft.Dynamics.CRM.MemoAttributeMetadata", (string?)memo["@odata.type"]);
        Assert.Equal(1048576, (int)memo["MaxLength"]!);
        Assert.Equal(longName, (string?)Body(creates[3])["SchemaName"]);

        var publish = Assert.Single(host.OrgRequests("/PublishXml"));
        Assert.Equal("<importexportxml><entities><entity>account</entity><entity>contact</entity></entities></importexportxml>", (string?)Body(publish)["ParameterXml"]);
        Assert.Equal(host.OrgRequests().Count - 1, Array.IndexOf(host.OrgRequests().ToArray(), publish));
    }

    [Fact]
    public async Task Provision_AllColumnsExist_NoCreateAndNoPublish()
    {
        using var host = new DataverseTestHost();
        StubAttributes(host, _ => true);

        var result = await host.Sink.ProvisionAsync(Properties, CancellationToken.None);

        Assert.Empty(result.Created);
        Assert.Equal(6, result.Existing.Count);
        Assert.Equal(6, result.Requests);
        Assert.All(host.OrgRequests(), r => Assert.Equal("GET", r.Method));
        Assert.Empty(host.OrgRequests("/PublishXml"));
        Assert.Equal(DataverseTestHost.Api + "EntityDefinitions(LogicalName='account')/Attributes(LogicalName='trig_currently_member_of_onboarding')", host.OrgRequests()[0].Path);
    }

    [Fact]
    public async Task Provision_CreateRefused_ThrowsOneLineNamingTheColumn()
    {
        using var host = new DataverseTestHost();
        StubAttributes(host, _ => false);
        host.Org.Given(Request.Create().WithPath(DataverseTestHost.Api + "EntityDefinitions(LogicalName='contact')/Attributes").UsingPost())
            .AtPriority(0)
            .RespondWith(Response.Create().WithStatusCode(403).WithHeader("Content-Type", "application/json").WithBody(WebApiSamples.Error("0x80040220", "Principal user is missing prvCreateAttribute privilege.")));

        var ex = await Assert.ThrowsAsync<DataverseApiException>(() => host.Sink.ProvisionAsync(Properties, CancellationToken.None));

        Assert.Contains("contact.trig_currently_member_of_onboarding: 403 Forbidden 0x80040220: Principal user is missing prvCreateAttribute privilege.", ex.Message);
        Assert.DoesNotContain("\n", ex.Message);
        Assert.Single(host.OrgRequests("/PublishXml"));
    }
}
