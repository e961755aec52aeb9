using Trig.Crm.Worker.Tests.Support;

namespace Trig.Crm.Worker.Tests.Connectors;

/// <summary>The spec check used by the HubSpot end-to-end test does catch malformed requests.</summary>
public sealed class HubSpotSpecCheckTests
{
    [Fact]
    public void Check_ConformingBatchUpdate_HasNoProblems() =>
        Assert.Empty(HubSpotSpec.Problems("POST", "/crm/v3/objects/companies/batch/update", "",
            """{"inputs":[{"id":"101","properties":{"trig_x":"true"},"objectWriteTraceId":"trig-101-ab"}]}"""));

    [Theory]
    [InlineData("POST", "/crm/v3/objects/companies/batch/update", "", """{"inputs":[{"id":"101"}]}""")]
    [InlineData("POST", "/crm/v3/objects/companies/batch/update", "", """{"inputs":[{"id":101,"properties":{}}]}""")]
    [InlineData("POST", "/crm/v3/properties/companies/batch/create", "", """{"inputs":[{"name":"trig_x","label":"X","type":"bool","groupName":"trig"}]}""")]
    [InlineData("GET", "/crm/v3/objects/companies", "?limit=100&cursor=abc", null)]
    [InlineData("DELETE", "/crm/v3/owners", "", null)]
    [InlineData("POST", "/crm/v3/objects/contacts/search", "", """{"filterGroups":[],"sorts":[{"propertyName":"lastmodifieddate"}],"properties":[],"limit":200,"after":"0"}""")]
    public void Check_MalformedRequest_IsReported(string method, string path, string query, string? body) =>
        Assert.NotEmpty(HubSpotSpec.Problems(method, path, query, body));
}
