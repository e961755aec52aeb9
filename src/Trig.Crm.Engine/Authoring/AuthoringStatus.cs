namespace Trig.Crm.Engine.Authoring;

/// <summary>How an authoring request ended; the admin API maps these to 200, 422, 409 and 404.</summary>
public enum AuthoringStatus
{
    Ok,
    Invalid,
    Conflict,
    NotFound,
}
