using Microsoft.Extensions.Options;
using Trig.Crm.Engine.Options;
using Trig.Crm.Lifecycle.Definitions;

namespace Trig.Crm.Engine.Definitions;

/// <summary>
/// Holds the current valid definition set. <see cref="Reload"/> re-reads the folder; an invalid set is refused
/// (its errors are logged) and the last valid set stays in force.
/// </summary>
public sealed class DefinitionCatalog(IOptions<TrigOptions> options, ILogger<DefinitionCatalog> logger)
{
    private readonly Lock _gate = new();
    private DefinitionSet? _current;
    private string? _lastErrors;

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

    /// <summary>Reloads from disk. Returns the set in force afterwards (null when none was ever valid).</summary>
    public DefinitionSet? Reload()
    {
        var result = DefinitionFolder.Load(Path);
        lock (_gate)
        {
            if (result.Set is { } set)
            {
                if (_current?.Version != set.Version)
                {
                    logger.LogInformation("Loaded {Count} definitions from {Path} (version {Version})", set.All.Count(), Path, set.Version);
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
