namespace Trig.Crm.Lifecycle.Metadata;

/// <summary>A generated metadata field of a definition.</summary>
public enum MetadataField
{
    CurrentlyMemberOf,
    LastEntered,
    LastCompleted,
    LastExited,
    ObjectivesCompleted,
}
