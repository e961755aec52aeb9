using Microsoft.Data.Sqlite;
using Npgsql;

namespace Trig.Crm.Store.Health;

/// <summary>Which store errors mean "the disk cannot take this write" rather than a bug or bad input.</summary>
public static class StoreFaults
{
    // SQLite result codes (primary code in the low byte): SQLITE_IOERR 10, SQLITE_FULL 13.
    private const int SqliteIoErr = 10;
    private const int SqliteFull = 13;

    /// <summary>
    /// True for SQLITE_FULL (disk or <c>max_page_count</c> full) and SQLite I/O errors, and PostgreSQL's disk_full
    /// (53100) and io_error (58030), anywhere in the chain.
    /// </summary>
    public static bool IsOutOfSpace(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SqliteException { SqliteErrorCode: var code } && (code & 0xFF) is SqliteFull or SqliteIoErr)
            {
                return true;
            }

            if (e is PostgresException { SqlState: PostgresErrorCodes.DiskFull or PostgresErrorCodes.IoError })
            {
                return true;
            }
        }

        return false;
    }
}
