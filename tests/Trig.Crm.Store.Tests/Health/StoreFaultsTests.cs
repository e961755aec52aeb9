using Npgsql;
using Trig.Crm.Store.Health;

namespace Trig.Crm.Store.Tests.Health;

public sealed class StoreFaultsTests
{
    private static PostgresException Postgres(string sqlState) => new("message", "ERROR", "ERROR", sqlState);

    [Fact]
    public void PostgresDiskFullOrIoError_IsOutOfSpace_OtherPostgresErrorsAreNot()
    {
        Assert.True(StoreFaults.IsOutOfSpace(new InvalidOperationException("wrapped", Postgres(PostgresErrorCodes.DiskFull))));
        Assert.True(StoreFaults.IsOutOfSpace(Postgres(PostgresErrorCodes.IoError)));
        Assert.False(StoreFaults.IsOutOfSpace(Postgres(PostgresErrorCodes.UniqueViolation)));
    }
}
