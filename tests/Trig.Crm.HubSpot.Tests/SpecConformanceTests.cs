using Trig.Crm.HubSpot.Tests.Support;

namespace Trig.Crm.HubSpot.Tests;

public sealed class SpecConformanceTests
{
    [Fact]
    public void Check_ConformingBatchUpdate_HasNoProblems()
    {
        var problems = SpecConformance.Check("POST", "/crm/v3/objects/companies/batch/update", "",
            """{"inputs":[{"id":"1","properties":{"trig_x":"true"},"objectWriteTraceId":"t1"}]}""");

        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("""{"inputs":[{"id":"1","objectWriteTraceId":"t1"}]}""")] // properties missing
    [InlineData("""{"inputs":[{"id":1,"properties":{}}]}""")] // id not a string
    [InlineData("""{"inputs":[{"id":"1","properties":{},"objectWriteTraceID":"t1"}]}""")] // misspelt field
    [InlineData("""{"records":[]}""")]
    public void Check_WrongBatchUpdateBody_IsReported(string body)
    {
        var problems = SpecConformance.Check("POST", "/crm/v3/objects/companies/batch/update", "", body);

        Assert.NotEmpty(problems);
    }

    [Fact]
    public void Check_SearchWithoutRequiredAfter_IsReported()
    {
        var problems = SpecConformance.Check("POST", "/crm/v3/objects/contacts/search", "",
            """{"filterGroups":[],"sorts":[{"propertyName":"lastmodifieddate","direction":"ASCENDING"}],"properties":[],"limit":200}""");

        Assert.Contains(problems, p => p.Contains("after", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_UnknownOperationOrQueryParameter_IsReported()
    {
        Assert.NotEmpty(SpecConformance.Check("DELETE", "/crm/v3/owners", "", null));
        Assert.NotEmpty(SpecConformance.Check("GET", "/crm/v3/objects/companies", "?limit=100&cursor=abc", null));
        Assert.NotEmpty(SpecConformance.Check("GET", "/crm/v3/owners/not-a-number", "", null));
        Assert.Empty(SpecConformance.Check("GET", "/crm/v3/objects/companies", "?limit=100&after=abc&properties=name&archived=false", null));
    }
}
