using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Trig.Crm.Dynamics.Api;

namespace Trig.Crm.Dynamics.Source;

/// <summary>
/// Owner emails: <c>systemusers(id)?$select=internalemailaddress</c>, each user read once per process. A missing
/// user (404) is remembered as having no email; other failures are logged and retried on the next pull.
/// </summary>
internal sealed class OwnerEmailCache(IDataverseUsersApi users, ILogger<OwnerEmailCache> logger)
{
    private readonly ConcurrentDictionary<string, string?> _emails = new(StringComparer.OrdinalIgnoreCase);

    public bool TryGet(string userId, out string? email) => _emails.TryGetValue(userId, out email);

    /// <summary>Looks up the users not cached yet; returns how many requests it made.</summary>
    public async Task<int> ResolveAsync(IEnumerable<string> userIds, CancellationToken cancellationToken)
    {
        var missing = userIds.Where(id => !_emails.ContainsKey(id)).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        if (missing.Length == 0)
        {
            return 0;
        }

        // The service protection gate caps concurrency; this only avoids queueing thousands of tasks at once.
        await Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (id, ct) =>
        {
            if (!Guid.TryParse(id, out var guid))
            {
                _emails[id] = null;
                return;
            }

            using var response = await users.GetSystemUserAsync(guid.ToString("D"), ct);
            if (response.IsSuccessStatusCode)
            {
                var email = response.Content?.InternalEmailAddress;
                _emails[id] = string.IsNullOrWhiteSpace(email) ? null : email;
            }
            else if (response.StatusCode == HttpStatusCode.NotFound)
            {
                _emails[id] = null;
            }
            else
            {
                logger.LogWarning("Dataverse owner look-up for systemuser {UserId} failed: {Status}", id, (int?)response.StatusCode);
            }
        });
        return missing.Length;
    }
}
