using Xunit.Sdk;

namespace Trig.Crm.Store.Tests.Contract;

/// <summary>
/// A contract test. The same method runs once per provider class; <see cref="PostgresFact"/>-style skipping has to be
/// decided per class (the attribute sits on the shared abstract method), which <see cref="StoreFactDiscoverer"/> does.
/// </summary>
[XunitTestCaseDiscoverer("Trig.Crm.Store.Tests.Contract.StoreFactDiscoverer", "Trig.Crm.Store.Tests")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class StoreFactAttribute : FactAttribute;
