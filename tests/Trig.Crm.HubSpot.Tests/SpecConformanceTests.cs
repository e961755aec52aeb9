using Trig.Crm.Testing.Specs;

namespace Trig.Crm.HubSpot.Tests;

/// <summary>The HubSpot spec check (used by every connector test here and by the worker's end-to-end sync) catches malformed requests.</summary>
public sealed class SpecConformanceTests
{
    private static IReadOnlyList<string> Check(string method, string path, string query, string? body) =>
        VendorConformance.HubSpot.Check(method, path, query, body, "application/json");

    [SpecFact("hubspot")]
    public void Check_ConformingBatchUpdate_HasNoProblems()
    {
        var problems = Check("POST", "/crm/v3/objects/companies/batch/update", "",
            """{"inputs":[{"id":"1","properties":{"trig_x":"true"},"objectWriteTraceId":"t1"}]}""");

        Assert.Empty(problems);
    }

    [SpecTheory("hubspot")]
    [InlineData("""{"inputs":[{"id":"1","objectWriteTraceId":"t1"}]}""")] // properties missing
    [InlineData("""{"inputs":[{"id":"101"}]}""")] // properties missing, no trace id
    [InlineData("""{"inputs":[{"id":1,"properties":{}}]}""")] // id not a string
    [InlineData("""{"inputs":[{"id":"1","properties":{},"objectWriteTraceID":"t1"}]}""")] // misspelt field
    [InlineData("""{"records":[]}""")]
    public void Check_WrongBatchUpdateBody_IsReported(string body)
    {
        var problems = Check("POST", "/crm/v3/objects/companies/batch/update", "", body);

        Assert.NotEmpty(problems);
    }

    [SpecFact("hubspot")]
    public void Check_SearchWithoutRequiredAfter_IsReported()
    {
        var problems = Check("POST", "/crm/v3/objects/contacts/search", "",
            """{"filterGroups":[],"sorts":[{"propertyName":"lastmodifieddate","direction":"ASCENDING"}],"properties":[],"limit":200}""");

        Assert.Contains(problems, p => p.Contains("'after'", StringComparison.Ordinal));
    }

    [SpecFact("hubspot")]
    public void Check_SortAsObject_IsAcceptedDespiteTheSpec_ButNeedsADirection()
    {
        const string Search = """{"filterGroups":[],"sorts":[SORT],"properties":[],"limit":200,"after":"0"}""";

        Assert.Empty(Check("POST", "/crm/v3/objects/contacts/search", "", Search.Replace("SORT", """{"propertyName":"lastmodifieddate","direction":"ASCENDING"}""", StringComparison.Ordinal)));
        Assert.NotEmpty(Check("POST", "/crm/v3/objects/contacts/search", "", Search.Replace("SORT", """{"propertyName":"lastmodifieddate"}""", StringComparison.Ordinal)));
        Assert.NotEmpty(Check("POST", "/crm/v3/objects/contacts/search", "", Search.Replace("SORT", """{"propertyName":"lastmodifieddate","direction":"UP"}""", StringComparison.Ordinal)));
    }

    [SpecFact("hubspot")]
    public void Check_PropertyWithUnknownType_IsReported() =>
        Assert.NotEmpty(Check("POST", "/crm/v3/properties/companies/batch/create", "",
            """{"inputs":[{"name":"trig_x","label":"X","type":"bool","groupName":"trig"}]}"""));

    [SpecFact("hubspot")]
    public void Check_UnknownOperationOrQueryParameter_IsReported()
    {
        Assert.NotEmpty(Check("DELETE", "/crm/v3/owners", "", null));
        Assert.NotEmpty(Check("GET", "/crm/v3/objects/companies", "?limit=100&cursor=abc", null));
        Assert.NotEmpty(Check("GET", "/crm/v3/objects/companies", "?limit=many", null));
        Assert.NotEmpty(Check("GET", "/crm/v3/owners/not-a-number", "", null));
        Assert.Empty(Check("GET", "/crm/v3/objects/companies", "?limit=100&after=abc&properties=name&archived=false", null));
    }
}
