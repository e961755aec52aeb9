using System.Text.Json.Nodes;

namespace Trig.Crm.Dynamics.Tests;

/// <summary>Response bodies in the shapes of the Dataverse Web API v9.2 (see dataverse/ in the vendors' specs, TRIG_SPECS_DIR).</summary>
public static class WebApiSamples
{
    public const string OwnerUserId = "ad968e9c-872d-e611-80ed-5065f38b3281";
    public const string OwnerTeamId = "5f0a1d2c-3b4e-4f50-8a6b-7c8d9e0f1a2b";

    public static JsonObject Account(string id, string name, double? revenue, string modifiedOn, string ownerId = OwnerUserId, string ownerType = "systemuser") => new()
    {
        ["@odata.etag"] = "W/\"2972889500\"",
        ["accountid"] = id,
        ["name"] = name,
        ["revenue@OData.Community.Display.V1.FormattedValue"] = revenue is null ? null : $"${revenue:N2}",
        ["revenue"] = revenue,
        ["_ownerid_value@OData.Community.Display.V1.FormattedValue"] = ownerType == "team" ? "Sales Team" : "Don Systemuser",
        ["_ownerid_value@Microsoft.Dynamics.CRM.associatednavigationproperty"] = ownerType == "team" ? "owningteam" : "owninguser",
        ["_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname"] = ownerType,
        ["_ownerid_value"] = ownerId,
        ["modifiedon@OData.Community.Display.V1.FormattedValue"] = "1/9/2026 3:03 PM",
        ["modifiedon"] = modifiedOn,
    };

    public static JsonObject Contact(string id, string fullName, string? email, string? parentId, string parentType = "account") => new()
    {
        ["@odata.etag"] = "W/\"2972889562\"",
        ["contactid"] = id,
        ["fullname"] = fullName,
        ["emailaddress1"] = email,
        ["_parentcustomerid_value@OData.Community.Display.V1.FormattedValue"] = parentId is null ? null : "Parent",
        ["_parentcustomerid_value@Microsoft.Dynamics.CRM.associatednavigationproperty"] = parentType == "account" ? "parentcustomerid_account" : "parentcustomerid_contact",
        ["_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname"] = parentId is null ? null : parentType,
        ["_parentcustomerid_value"] = parentId,
        ["_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname"] = "systemuser",
        ["_ownerid_value"] = OwnerUserId,
        ["modifiedon"] = "2026-01-08T10:00:00Z",
    };

    public static JsonObject Deleted(string entitySet, string id) => new()
    {
        ["@odata.context"] = $"https://testorg.crm.dynamics.com/api/data/v9.2/$metadata#{entitySet}/$deletedEntity",
        ["id"] = id,
        ["reason"] = "deleted",
    };

    public static string Page(string orgUrl, string entitySet, IEnumerable<JsonObject> rows, string? nextLink = null, string? deltaLink = null)
    {
        var page = new JsonObject
        {
            ["@odata.context"] = $"{orgUrl}/api/data/v9.2/$metadata#{entitySet}(name,revenue,_ownerid_value,modifiedon)",
            ["@Microsoft.Dynamics.CRM.totalrecordcount"] = -1,
            ["@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded"] = false,
            ["@Microsoft.Dynamics.CRM.globalmetadataversion"] = "2972874254",
            ["value"] = new JsonArray(rows.Select(r => (JsonNode)r).ToArray()),
        };
        if (nextLink is not null)
        {
            page["@odata.nextLink"] = nextLink;
        }

        if (deltaLink is not null)
        {
            page["@odata.deltaLink"] = deltaLink;
        }

        return page.ToJsonString();
    }

    /// <summary>A next link as Dataverse returns it: the query plus an encoded paging cookie.</summary>
    public static string NextLink(string orgUrl, string entitySet, string select, int pageNumber) =>
        $"{orgUrl}/api/data/v9.2/{entitySet}?$select={select}&$skiptoken=%3Ccookie%20pagenumber=%22{pageNumber}%22%20pagingcookie=%22%253ccookie%2520page%253d%2522{pageNumber - 1}%2522%253e%253caccountid%2520last%253d%2522%257b7C2E3E4B-1A2B-4C3D-8E9F-0A1B2C3D4E5F%257d%2522%2520%252f%253e%253c%252fcookie%253e%22%20istracking=%22False%22%20/%3E";

    public static string DeltaLink(string orgUrl, string entitySet, string select, string token) =>
        $"{orgUrl}/api/data/v9.2/{entitySet}?$select={select}&$deltatoken={token}";

    public static string SystemUser(string id, string email) =>
        new JsonObject
        {
            ["@odata.context"] = "https://testorg.crm.dynamics.com/api/data/v9.2/$metadata#systemusers(internalemailaddress)/$entity",
            ["@odata.etag"] = "W/\"2911747219\"",
            ["internalemailaddress"] = email,
            ["systemuserid"] = id,
            ["ownerid"] = id,
        }.ToJsonString();

    public static string Error(string code, string message) =>
        new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }.ToJsonString();
}
