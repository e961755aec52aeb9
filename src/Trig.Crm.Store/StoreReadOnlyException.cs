namespace Trig.Crm.Store;

/// <summary>The store is read-only and what was asked needs to write to it (or to upgrade its schema). One line for the user.</summary>
public sealed class StoreReadOnlyException(string message) : Exception(message);
