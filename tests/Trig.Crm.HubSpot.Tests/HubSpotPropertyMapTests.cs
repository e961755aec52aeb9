using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.HubSpot.Tests;

public sealed class HubSpotPropertyMapTests
{
    private static readonly Dictionary<string, Dictionary<string, string>> Mapping = new(StringComparer.OrdinalIgnoreCase)
    {
        ["companies"] = new() { ["annualrevenue"] = "number", ["renewal_date"] = "datetime", ["is_partner"] = "bool" },
    };

    [Fact]
    public void ToAttributes_TypesValuesRenamesAndRemovesEmpty()
    {
        var map = HubSpotPropertyMap.Create("companies", "name,arr:annualrevenue,domain,first_seen", Mapping);

        var attributes = map.ToAttributes(new Dictionary<string, string?>
        {
            ["name"] = "Acme",
            ["annualrevenue"] = "120000",
            ["domain"] = "",
            ["renewal_date"] = "1772366400000",
            ["first_seen"] = "2026-01-31T09:00:00.000Z",
            ["is_partner"] = "true",
            ["hs_object_id"] = "5",
        });

        Assert.Equal("Acme", attributes["name"].AsString);
        Assert.Equal(120000d, attributes["arr"].AsNumber);
        Assert.False(attributes.ContainsKey("annualrevenue"));
        Assert.True(attributes["domain"].IsNone);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1772366400000), attributes["renewal_date"].AsDateTime);
        Assert.Equal(ValueKind.DateTime, attributes["first_seen"].Kind);
        Assert.Equal(new DateTimeOffset(2026, 1, 31, 9, 0, 0, TimeSpan.Zero), attributes["first_seen"].AsDateTime);
        Assert.True(attributes["is_partner"].AsBool);
        Assert.False(attributes.ContainsKey("hs_object_id"));
        Assert.Contains("renewal_date", map.Properties);
    }

    [Fact]
    public void ToAttributes_UnmappedNumbersAreInferred_AbsentPropertiesLeftAlone()
    {
        var map = HubSpotPropertyMap.Create("contacts", "email,score", Mapping);

        var attributes = map.ToAttributes(new Dictionary<string, string?> { ["score"] = "42" });

        Assert.Equal(42d, attributes["score"].AsNumber);
        Assert.False(attributes.ContainsKey("email"));
    }
}
