using System.Text;
using System.Text.Json.Nodes;

namespace Trig.Crm.Dynamics.Sink;

/// <summary>
/// A <c>$batch</c> body of independent PATCH requests (no changeset: with <c>odata.continue-on-error</c> each part
/// succeeds or fails alone). CRLF line endings, as multipart requires.
/// </summary>
internal static class BatchRequest
{
    public static string NewBoundary() => "batch_" + Guid.NewGuid().ToString("D");

    public static byte[] Build(string boundary, IReadOnlyList<RecordUpdate> updates)
    {
        var sb = new StringBuilder(updates.Count * 400);
        foreach (var update in updates)
        {
            sb.Append("--").Append(boundary).Append("\r\n");
            sb.Append("Content-Type: application/http\r\n");
            sb.Append("Content-Transfer-Encoding: binary\r\n");
            sb.Append("\r\n");
            sb.Append("PATCH ").Append(DataverseOptions.ApiPath).Append(update.Table.EntitySet).Append('(').Append(update.Id).Append(") HTTP/1.1\r\n");
            sb.Append("Content-Type: application/json; type=entry\r\n");
            sb.Append("If-Match: *\r\n");
            sb.Append("\r\n");
            sb.Append(update.Body.ToJsonString()).Append("\r\n");
        }

        sb.Append("--").Append(boundary).Append("--\r\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}

/// <summary>One record's PATCH: all its changed columns, and the changes they came from.</summary>
internal sealed record RecordUpdate(Source.DataverseTable Table, string Id, JsonObject Body, List<Lifecycle.Ports.MetadataChange> Changes);
