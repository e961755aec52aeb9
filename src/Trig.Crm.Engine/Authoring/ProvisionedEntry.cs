namespace Trig.Crm.Engine.Authoring;

/// <summary>An entry of the provisioned files (read-only: managed in files), with the file that holds it.</summary>
public sealed record ProvisionedEntry(DocumentEntry Entry, string File);
