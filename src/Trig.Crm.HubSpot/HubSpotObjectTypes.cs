using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.HubSpot;

/// <summary>HubSpot object type names and ids for Trig's entity kinds.</summary>
internal static class HubSpotObjectTypes
{
    public const string Companies = "companies";
    public const string Contacts = "contacts";

    public static string Of(EntityKind kind) => kind == EntityKind.Organisation ? Companies : Contacts;

    /// <summary>The object type id in record URLs: 0-2 companies, 0-1 contacts.</summary>
    public static string TypeId(EntityKind kind) => kind == EntityKind.Organisation ? "0-2" : "0-1";

    /// <summary>The last-modified property searched on: companies <c>hs_lastmodifieddate</c>, contacts <c>lastmodifieddate</c>.</summary>
    public static string LastModified(EntityKind kind) => kind == EntityKind.Organisation ? "hs_lastmodifieddate" : "lastmodifieddate";
}
