namespace Trig.Crm.Engine.Alerts;

/// <summary>
/// Where the stale-evaluation alert goes (the composition binds it to Slack). The engine owns the port so it never
/// references a channel's client.
/// </summary>
public interface IAlertNotifier
{
    /// <summary>Posts <paramref name="text"/> to <paramref name="channel"/>; null when delivered, else why not.</summary>
    Task<string?> NotifyAsync(string channel, string text, CancellationToken cancellationToken);
}
