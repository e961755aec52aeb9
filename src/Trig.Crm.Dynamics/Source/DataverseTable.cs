using Trig.Crm.Lifecycle.Model;

namespace Trig.Crm.Dynamics.Source;

/// <summary>A Dataverse table Trig reads or writes: account (organisations) or contact (people).</summary>
internal sealed record DataverseTable(EntityKind Kind, string LogicalName, string EntitySet, string IdColumn)
{
    public static readonly DataverseTable Account = new(EntityKind.Organisation, "account", "accounts", "accountid");
    public static readonly DataverseTable Contact = new(EntityKind.Person, "contact", "contacts", "contactid");

    public static IReadOnlyList<DataverseTable> All { get; } = [Account, Contact];

    public static DataverseTable Of(EntityKind kind) => kind == EntityKind.Organisation ? Account : Contact;

    /// <summary>The <c>$filter</c> that selects these records by id: <c>{IdColumn} eq {id} or …</c> (ids as GUIDs in "D" form).</summary>
    public string IdFilter(IEnumerable<string> ids) => string.Join(" or ", ids.Select(id => $"{IdColumn} eq {id}"));
}
