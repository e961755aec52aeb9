using System.ComponentModel.DataAnnotations;

namespace Trig.Crm.Actions.Email;

/// <summary>SMTP settings for plain-text email actions, bound from <c>Trig:Smtp</c>.</summary>
internal sealed class SmtpOptions
{
    public const string Section = "Trig:Smtp";

    /// <summary>SMTP server host. No default: without it the host starts and email actions fail naming <c>Trig:Smtp:Host</c>.</summary>
    public string? Host { get; set; }

    /// <summary>SMTP port. Default 25.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    /// <summary>The From address (<c>Trig &lt;trig@example.com&gt;</c> or a bare address). Required to send.</summary>
    public string? From { get; set; }

    /// <summary>User name for SMTP AUTH; no authentication when empty.</summary>
    public string? UserName { get; set; }

    /// <summary>Password for SMTP AUTH.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// <c>true</c>: require STARTTLS; <c>false</c>: plain connection; unset (default): STARTTLS when the server
    /// offers it. Port 465 always uses TLS on connect.
    /// </summary>
    public bool? UseStartTls { get; set; }

    /// <summary>Time limit for each SMTP operation. Default 30 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
