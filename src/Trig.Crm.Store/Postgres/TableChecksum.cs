using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Trig.Crm.Store.Postgres;

/// <summary>
/// A checksum of a table's rows that does not depend on their order (the two databases sort text differently): the
/// sum of a hash per row, over the row's values in a canonical text form (integers of any width alike, doubles
/// round-trip formatted, null distinct from empty).
/// </summary>
internal sealed class TableChecksum
{
    private readonly StringBuilder _row = new();
    private ulong _sum;

    public long Rows { get; private set; }

    public void Add(IReadOnlyList<object?> values)
    {
        _row.Clear();
        foreach (var v in values)
        {
            _row.Append(v switch
            {
                null or DBNull => "\u0000",
                int i => i.ToString(CultureInfo.InvariantCulture),
                long l => l.ToString(CultureInfo.InvariantCulture),
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                string s => s,
                _ => Convert.ToString(v, CultureInfo.InvariantCulture),
            }).Append('\u001f');
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(_row.ToString()), hash);
        _sum = unchecked(_sum + BinaryPrimitives.ReadUInt64LittleEndian(hash));
        Rows++;
    }

    public string Value => _sum.ToString("x16", CultureInfo.InvariantCulture);
}
