namespace Trig.Crm.Lifecycle.Model;

/// <summary>The two kinds of entity Trig tracks: a CRM company/account and a CRM contact.</summary>
public enum EntityKind
{
    Organisation,
    Person,
}
