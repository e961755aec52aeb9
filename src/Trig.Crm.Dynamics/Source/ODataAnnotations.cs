namespace Trig.Crm.Dynamics.Source;

/// <summary>Instance annotations Dataverse adds with <c>Prefer: odata.include-annotations="*"</c>.</summary>
internal static class ODataAnnotations
{
    public const string FormattedValue = "@OData.Community.Display.V1.FormattedValue";
    public const string LookupLogicalName = "@Microsoft.Dynamics.CRM.lookuplogicalname";
    public const string NextLink = "@odata.nextLink";
    public const string DeltaLink = "@odata.deltaLink";
    public const string Context = "@odata.context";
    public const string DeletedEntity = "$deletedEntity";
}
