using System.Net;
using Microsoft.Extensions.Logging;
using Trig.Crm.HubSpot.Api;
using Trig.Crm.Lifecycle.Model;
using Trig.Crm.Lifecycle.Ports;

namespace Trig.Crm.HubSpot.Sink;

/// <summary>
/// Provisions the <c>trig_…</c> properties in group <c>trig</c>: read first, create what is missing in batches (one by
/// one when a batch conflicts), never alter or delete.
/// </summary>
internal sealed class PropertyProvisioner(IHubSpotPropertiesApi propertiesApi, ILogger logger)
{
    private readonly List<string> _created = [];
    private readonly List<string> _existing = [];
    private readonly List<string> _failures = [];
    private int _requests;

    public async Task<ProvisionResult> RunAsync(ILookup<EntityKind, PropertyCreate> wanted, CancellationToken cancellationToken)
    {
        foreach (var group in wanted)
        {
            var type = HubSpotObjectTypes.Of(group.Key);
            await EnsureGroupAsync(type, cancellationToken);
            _requests++;
            var present = (await propertiesApi.ListAsync(type, cancellationToken)).Results?
                .Select(p => p.Name).ToHashSet(StringComparer.Ordinal) ?? [];
            var distinct = group.DistinctBy(p => p.Name, StringComparer.Ordinal).ToList();
            _existing.AddRange(distinct.Where(p => present.Contains(p.Name)).Select(p => p.Name));
            foreach (var chunk in distinct.Where(p => !present.Contains(p.Name)).Chunk(HubSpotMetadataSink.BatchLimit))
            {
                await CreateAsync(type, chunk, cancellationToken);
            }
        }

        if (_failures.Count > 0)
        {
            throw new InvalidOperationException("HubSpot refused to create properties: " + string.Join("; ", _failures));
        }

        logger.LogInformation("HubSpot properties: {Created} created, {Existing} already there", _created.Count, _existing.Count);
        return new ProvisionResult(_created, _existing, _requests);
    }

    private async Task EnsureGroupAsync(string type, CancellationToken cancellationToken)
    {
        _requests++;
        var groups = await propertiesApi.ListGroupsAsync(type, cancellationToken);
        if ((groups.Results ?? []).Any(g => string.Equals(g.Name, HubSpotMetadataSink.GroupName, StringComparison.Ordinal)))
        {
            return;
        }

        _requests++;
        var response = await propertiesApi.CreateGroupAsync(type, new PropertyGroupCreate(HubSpotMetadataSink.GroupName, "Trig", -1), cancellationToken);
        response.ThrowIfNotReceived();
        if (!response.IsSuccessful && response.StatusCode != HttpStatusCode.Conflict)
        {
            throw response.Failure($"property group creation on {type}");
        }
    }

    private async Task CreateAsync(string type, PropertyCreate[] chunk, CancellationToken cancellationToken)
    {
        _requests++;
        var response = await propertiesApi.BatchCreateAsync(type, new BatchInputPropertyCreate(chunk), cancellationToken);
        response.ThrowIfNotReceived();
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            // One of them exists after all (created meanwhile, or archived): create one by one.
            foreach (var property in chunk)
            {
                await CreateOneAsync(type, property, cancellationToken);
            }

            return;
        }

        if (!response.IsSuccessful || response.Content is null)
        {
            throw response.Failure($"property creation on {type}");
        }

        var errors = response.Content.Errors ?? [];
        foreach (var property in chunk)
        {
            var error = errors.FirstOrDefault(e => HubSpotErrors.Mentions(e, property.Name));
            if (error is null)
            {
                _created.Add(property.Name);
            }
            else if (HubSpotErrors.IsConflict(error))
            {
                _existing.Add(property.Name);
            }
            else
            {
                _failures.Add($"{type}.{property.Name}: {HubSpotErrors.Reason(error)}");
            }
        }
    }

    private async Task CreateOneAsync(string type, PropertyCreate property, CancellationToken cancellationToken)
    {
        _requests++;
        var single = await propertiesApi.CreateAsync(type, property, cancellationToken);
        single.ThrowIfNotReceived();
        if (single.IsSuccessful)
        {
            _created.Add(property.Name);
        }
        else if (single.StatusCode == HttpStatusCode.Conflict)
        {
            _existing.Add(property.Name);
        }
        else
        {
            _failures.Add($"{type}.{property.Name}: {single.Status()} {single.ErrorContent()}");
        }
    }
}
