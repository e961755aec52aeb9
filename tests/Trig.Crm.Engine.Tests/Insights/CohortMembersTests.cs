using Trig.Crm.Engine.Insights;

namespace Trig.Crm.Engine.Tests.Insights;

/// <summary>The members of the paying cohort of <see cref="InsightsData.SeedAsync"/> (org-01..08), paged and as CSV.</summary>
public sealed class CohortMembersTests : IAsyncLifetime
{
    private InsightsData _data = null!;

    public async Task InitializeAsync()
    {
        _data = await InsightsData.CreateAsync();
        await _data.SeedAsync();
    }

    public async Task DisposeAsync() => await _data.DisposeAsync();

    private CohortMembers Members() => new(_data.Temp.Store, _data.Catalog, Microsoft.Extensions.Options.Options.Create(new InsightsOptions { MembersPageSize = 3 }));

    [Fact]
    public async Task Page_SecondPageOfThree_HoldsTheNextMembersWithTheirAttributes()
    {
        var page = await Members().PageAsync("paying", ["name", "subscription_status"], 2, default);

        Assert.Equal((8, 2, 3), (page.Total, page.Page, page.PageSize));
        Assert.Equal(["org-04", "org-05", "org-06"], page.Rows.Select(r => r.Id));
        Assert.Equal("Acme, \"Big\" Co", page.Rows[1].Attributes["name"]);
        Assert.Equal("active", page.Rows[2].Attributes["subscription_status"]);
    }

    [Fact]
    public async Task Csv_EveryMember_QuotesFieldsThatNeedIt()
    {
        using var csv = new StringWriter();

        var n = await Members().WriteCsvAsync("paying", ["name"], csv, default);

        var lines = csv.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(8, n);
        Assert.Equal(9, lines.Length);
        Assert.Equal("id,entered_at,name", lines[0]);
        Assert.Equal("org-05,2026-10-01T00:00:00.000Z,\"Acme, \"\"Big\"\" Co\"", lines[5]);
    }

    [Fact]
    public async Task Page_UnknownAttributeOrDefinition_IsARequestError()
    {
        var attr = await Assert.ThrowsAsync<InsightsRequestException>(() => Members().PageAsync("paying", ["nope"], 1, default));
        var key = await Assert.ThrowsAsync<InsightsRequestException>(() => Members().PageAsync("nobody", null, 1, default));

        Assert.StartsWith("unknown attribute 'nope' for organisation", attr.Message, StringComparison.Ordinal);
        Assert.True(key.NotFound);
    }

    [Fact]
    public void CsvLine_FormulaLikeTextIsDefused_NumbersAreNot() =>
        Assert.Equal("'=1+1,-5,plain", CohortMembers.CsvLine(["=1+1", "-5", "plain"]));
}
