using Microsoft.Extensions.Options;
using Trig.Crm.Engine.Options;
using Trig.Crm.Lifecycle.Definitions;
using Trig.Crm.Store.Authoring;

namespace Trig.Crm.Engine.Definitions;

/// <summary>
/// Holds the current valid definition set: the provisioned definitions (the folder's files) and the authored ones
/// (the store's published documents) loaded as one set. <see cref="Reload"/> re-reads the folder with the authored
/// documents last read, <see cref="ReloadAsync"/> reads the store's too; an invalid set is refused (its errors are
/// logged) and the last valid set stays in force.
/// </summary>
public sealed class DefinitionCatalog(IOptions<TrigOptions> options, ILogger<DefinitionCatalog> logger, IDefinitionAuthoringStore? authoring = null)
{
    private readonly Lock _gate = new();
    private DefinitionSet? _current;
    private string? _lastErrors;
    private AuthoredSet _authored = AuthoredSet.Empty;

    /// <summary>The authored documents the current set was (last) loaded with, and their set version.</summary>
    public AuthoredSet Authored => _authored;

    public DefinitionSet? Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>The errors of the last refused load, if any (shown by /health/ready and sync).</summary>
    public string? LastErrors => _lastErrors;

    /// <summary>
    /// The definitions folder. When the configured folder is the default (<c>lifecycle</c>) and does not exist, the
    /// sample lifecycle (<c>samples/lifecycle</c> beside the working directory or the executable) is used, and the
    /// log says so, so that the demo and a first <c>trig run</c> work from a fresh clone.
    /// </summary>
    public string Path
    {
        get
        {
            var configured = options.Value.Definitions.Path;
            if (configured != "lifecycle" || Directory.Exists(configured))
            {
                return configured;
            }

            foreach (var candidate in new[] { System.IO.Path.Combine("samples", "lifecycle"), System.IO.Path.Combine(AppContext.BaseDirectory, "samples", "lifecycle") })
            {
                if (Directory.Exists(candidate))
                {
                    if (!_fallbackLogged)
                    {
                        _fallbackLogged = true;
                        logger.LogInformation("Definitions folder 'lifecycle' not found; using the sample lifecycle in {Path}", candidate);
                    }

                    return candidate;
                }
            }

            return configured;
        }
    }

    private bool _fallbackLogged;

    /// <summary>Reads the store's authored documents, then reloads. Returns the set in force afterwards (null when none was ever valid).</summary>
    public async Task<DefinitionSet?> ReloadAsync(CancellationToken ct)
    {
        if (authoring is not null)
        {
            _authored = await authoring.LoadAuthoredAsync(ct);
        }

        return Reload();
    }

    /// <summary>The current set, loading it if needed (with the store's authored documents); throws with the validation errors when there is none.</summary>
    public async Task<DefinitionSet> RequireAsync(CancellationToken ct) =>
        await ReloadAsync(ct) ?? throw new InvalidOperationException($"definitions in '{Path}' are invalid:{Environment.NewLine}{_lastErrors}");

    /// <summary>
    /// The current set for the fast path: reloaded only when the store holds a newer authored set version than the
    /// one in force (one cheap query), so a publish by another process (the CLI) is picked up without re-reading files.
    /// </summary>
    public async Task<DefinitionSet> CurrentAsync(CancellationToken ct)
    {
        if (Current is { } set && (authoring is null || await authoring.AuthoredSetVersionAsync(ct) == _authored.Version))
        {
            return set;
        }

        return await RequireAsync(ct);
    }

    /// <summary>The provisioned files (path, content): none when the folder is missing.</summary>
    public IReadOnlyList<(string File, string Content)> ProvisionedFiles()
    {
        try
        {
            return DefinitionFiles.Read(Path);
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }

    /// <summary>Loads the provisioned files with <paramref name="authored"/> (virtual files) as one set, without changing the catalog.</summary>
    public LoadResult LoadWith(IReadOnlyList<(string File, string Content)> authored)
    {
        if (authored.Count == 0)
        {
            return DefinitionFolder.Load(Path);
        }

        return DefinitionLoader.Load([.. ProvisionedFiles(), .. authored]);
    }

    /// <summary>Reloads from disk with the authored documents last read. Returns the set in force afterwards (null when none was ever valid).</summary>
    public DefinitionSet? Reload()
    {
        var result = LoadWith(AuthoredFiles.Of(_authored.Entries));
        lock (_gate)
        {
            if (result.Set is { } set)
            {
                if (_current?.Version != set.Version)
                {
                    logger.LogInformation("Loaded {Count} definitions from {Path} and {Authored} authored documents (version {Version}, authored set v{SetVersion})",
                        set.All.Count(), Path, _authored.Entries.Count, set.Version, _authored.Version);
                }

                _current = set;
                _lastErrors = null;
                foreach (var w in result.Diagnostics.Where(d => d.IsWarning))
                {
                    logger.LogDebug("{Warning}", w.ToString());
                }
            }
            else
            {
                var errors = string.Join(Environment.NewLine, result.Errors.Select(e => e.ToString()));
                if (errors != _lastErrors)
                {
                    logger.LogError("Definitions in {Path} are invalid; {Keeping}:{NewLine}{Errors}", Path,
                        _current is null ? "no valid set is loaded" : "keeping the last valid set " + _current.Version, Environment.NewLine, errors);
                }

                _lastErrors = errors;
            }

            return _current;
        }
    }

    /// <summary>The current set, loading it if needed; throws with the validation errors when there is none.</summary>
    public DefinitionSet Require()
    {
        var set = Reload();
        return set ?? throw new InvalidOperationException($"definitions in '{Path}' are invalid:{Environment.NewLine}{_lastErrors}");
    }
}
