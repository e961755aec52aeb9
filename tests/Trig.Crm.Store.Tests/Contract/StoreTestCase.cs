using Trig.Crm.Testing.Prerequisites;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Trig.Crm.Store.Tests.Contract;

/// <summary>
/// A contract test in one provider class: Skipped, with the reason, in a <see cref="RequiresPostgresAttribute"/> class
/// where PostgreSQL's binaries are missing, except in CI (<c>CI=true</c>), where it runs and fails.
/// </summary>
internal sealed class StoreTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public StoreTestCase()
    {
    }

    public StoreTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
    {
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute) =>
        base.GetSkipReason(factAttribute)
        ?? (TestMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgresAttribute).AssemblyQualifiedName).Any()
            ? Prerequisite.SkipReason(PostgresServer.FindBin() is not null, PostgresFactAttribute.Missing)
            : null)!;
}
