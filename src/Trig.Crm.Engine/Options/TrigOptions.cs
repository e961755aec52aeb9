using System.ComponentModel.DataAnnotations;

namespace Trig.Crm.Engine.Options;

/// <summary>The core settings under <c>Trig</c> (OPERATIONS.md). Connector settings live with each connector.</summary>
public sealed class TrigOptions
{
    public DefinitionsSection Definitions { get; set; } = new();

    public StoreSection Store { get; set; } = new();

    public CrmSection Crm { get; set; } = new();

    public HttpSection Http { get; set; } = new();

    public AdminSection Admin { get; set; } = new();

    public ScheduleSection Schedule { get; set; } = new();

    public sealed class DefinitionsSection
    {
        /// <summary>Folder of definition YAML files. Default <c>lifecycle</c>.</summary>
        [Required]
        public string Path { get; set; } = "lifecycle";
    }

    public sealed class StoreSection
    {
        /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
        [Required]
        public string Provider { get; set; } = "sqlite";

        /// <summary>Default <c>Data Source=trig.db</c>.</summary>
        [Required]
        public string ConnectionString { get; set; } = "Data Source=trig.db";
    }

    public sealed class CrmSection
    {
        /// <summary><c>local</c> (default), <c>hubspot</c> or <c>dynamics</c>.</summary>
        [Required]
        public string Provider { get; set; } = "local";

        /// <summary>Prefix of metadata properties in the local CRM. Default <c>trig_</c>.</summary>
        public string LocalPropertyPrefix { get; set; } = "trig_";
    }

    public sealed class HttpSection
    {
        /// <summary>Where the HTTP API listens. Default <c>http://127.0.0.1:5080</c>.</summary>
        public string Urls { get; set; } = "http://127.0.0.1:5080";

        /// <summary>The public URL HubSpot calls (for signature checks behind a proxy). Default: the request's own.</summary>
        public string? PublicBaseUrl { get; set; }
    }

    public sealed class AdminSection
    {
        /// <summary>Bearer key for /api/admin. No default: without it admin endpoints answer 401 (HubSpot-signed calls aside).</summary>
        public string? ApiKey { get; set; }
    }

    public sealed class ScheduleSection
    {
        /// <summary>Quartz cron of the full cycle. Default every 15 minutes.</summary>
        public string Cycle { get; set; } = "0 0/15 * * * ?";

        /// <summary>Quartz cron (UTC) of the daily signal snapshot (members and ARR at risk per signal). Default 23:55 every day.</summary>
        public string SignalSnapshot { get; set; } = "0 55 23 * * ?";

        /// <summary>Seconds between outbox dispatch runs (it also runs right after each commit). Default 5.</summary>
        [Range(1, 3600)]
        public int DispatchSeconds { get; set; } = 5;

        /// <summary>Milliseconds between fast-path evaluations of dirty entities. Default 500.</summary>
        [Range(50, 60000)]
        public int FastPathMilliseconds { get; set; } = 500;

        /// <summary>Actions sent at once by the dispatcher. Default 4.</summary>
        [Range(1, 64)]
        public int DispatchConcurrency { get; set; } = 4;

        /// <summary>Attempts before an action is dead-lettered. Default 8.</summary>
        [Range(1, 100)]
        public int MaxAttempts { get; set; } = 8;

        /// <summary>
        /// Seconds an outbox row stays claimed by one dispatcher; a row whose process died is claimed again after
        /// this. Default 120. Keep it longer than one send (Slack/webhook timeouts) so a live sender keeps its row.
        /// </summary>
        [Range(1, 3600)]
        public int LeaseSeconds { get; set; } = 120;
    }
}
