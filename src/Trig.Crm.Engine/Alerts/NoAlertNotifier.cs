namespace Trig.Crm.Engine.Alerts;

/// <summary>The notifier when the host binds none: nothing can be sent, and the alert stays due.</summary>
internal sealed class NoAlertNotifier : IAlertNotifier
{
    public Task<string?> NotifyAsync(string channel, string text, CancellationToken cancellationToken) =>
        Task.FromResult<string?>("no alert channel is configured in this host");
}
