using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.HubSpot.Source;

/// <summary>One pull's state: where records go, what it counted, and the caches that live only as long as the pull.</summary>
internal sealed class PullRun(ICrmPullTarget target, HubSpotOptions options)
{
    private HubSpotPropertyMap? _companies;
    private HubSpotPropertyMap? _contacts;

    public ICrmPullTarget Target => target;

    public HubSpotOptions Options => options;

    public List<string> Notes { get; } = [];

    /// <summary>Owner id to email (null: none); null until the owners were listed once in this pull.</summary>
    public Dictionary<string, string?>? Owners { get; set; }

    public int Organisations { get; set; }

    public int People { get; set; }

    public int Deleted { get; set; }

    public int Requests { get; set; }

    public HubSpotPropertyMap Map(EntityKind kind) => kind == EntityKind.Organisation
        ? _companies ??= HubSpotPropertyMap.Create(HubSpotObjectTypes.Companies, options.CompanyProperties, options.Mapping)
        : _contacts ??= HubSpotPropertyMap.Create(HubSpotObjectTypes.Contacts, options.ContactProperties, options.Mapping);

    public CrmPullSummary ToSummary() => new(Organisations, People, Deleted, Requests, Notes);
}
