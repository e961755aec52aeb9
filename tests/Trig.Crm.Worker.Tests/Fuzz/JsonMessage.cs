using System.Globalization;
using System.Text;

namespace Trig.Crm.Worker.Tests.Fuzz;

/// <summary>
/// A JSON object written field by field from raw pieces, so a fuzz case can replace, drop or add fields with
/// hostile values and still know whether what it sent is invalid.
/// </summary>
internal sealed class JsonMessage
{
    private readonly List<(string Key, byte[] Value, bool Invalid)> _fields = [];

    /// <summary>Whether a field now holds an invalid value (one replaced or dropped later no longer counts).</summary>
    public bool Invalid => _fields.Any(f => f.Invalid);

    public List<string> Labels { get; } = [];

    public JsonMessage Set(string key, string json)
    {
        _fields.RemoveAll(f => f.Key == key);
        _fields.Add((key, Encoding.UTF8.GetBytes(json), false));
        return this;
    }

    public JsonMessage Set(string key, JsonMessage nested)
    {
        Labels.AddRange(nested.Labels);
        _fields.RemoveAll(f => f.Key == key);
        _fields.Add((key, nested.ToBytes(), nested.Invalid));
        return this;
    }

    public static string Text(string s) => System.Text.Json.JsonSerializer.Serialize(s);

    public static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>One random change: a field's value made hostile, a field dropped, or a hostile field added.</summary>
    public void Mutate(Random r, IReadOnlyList<string> extraKeys)
    {
        var roll = r.Next(10);
        if (roll < 6 && _fields.Count > 0)
        {
            var i = r.Next(_fields.Count);
            var piece = HostileValues.Any(r);
            _fields[i] = (_fields[i].Key, piece.Bytes, piece.Invalid);
            Note(piece, _fields[i].Key);
        }
        else if (roll < 8 && _fields.Count > 0)
        {
            var i = r.Next(_fields.Count);
            Labels.Add("dropped " + _fields[i].Key);
            _fields.RemoveAt(i);
        }
        else
        {
            var key = extraKeys.Count > 0 && r.Next(2) == 0 ? extraKeys[r.Next(extraKeys.Count)] : "x" + r.Next(1000).ToString(CultureInfo.InvariantCulture);
            var piece = HostileValues.Any(r);
            _fields.RemoveAll(f => f.Key == key);
            _fields.Add((key, piece.Bytes, piece.Invalid));
            Note(piece, key);
        }
    }

    private void Note(HostileValues.Piece piece, string key) => Labels.Add($"{key}={piece.Label}");

    public byte[] ToBytes()
    {
        var bytes = new List<byte> { (byte)'{' };
        for (var i = 0; i < _fields.Count; i++)
        {
            if (i > 0)
            {
                bytes.Add((byte)',');
            }

            bytes.AddRange(Encoding.UTF8.GetBytes(Text(_fields[i].Key) + ":"));
            bytes.AddRange(_fields[i].Value);
        }

        bytes.Add((byte)'}');
        return [.. bytes];
    }
}
