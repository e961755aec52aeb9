namespace Trig.Crm.Store.Tests.Contract;

/// <summary>Marks a contract's PostgreSQL class: its <see cref="StoreFactAttribute"/> tests skip where the server binaries are missing (outside CI).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class RequiresPostgresAttribute : Attribute;
