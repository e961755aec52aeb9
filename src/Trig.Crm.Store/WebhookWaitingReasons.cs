namespace Trig.Crm.Store;

/// <summary>
/// A webhook waiting for its signing secret keeps the reason <c>Trig:Webhooks:Secrets:&lt;name&gt; is not set</c>, the
/// name in lower case (configuration keys ignore case, and the release matches reasons exactly). Rows parked before
/// names were lower-cased are brought in line once, by the migration that runs <see cref="LowerCaseSql"/>.
/// </summary>
internal static class WebhookWaitingReasons
{
    /// <summary>Lower-cases the secret name in every waiting webhook's reason (the same SQL on SQLite and PostgreSQL).</summary>
    public const string LowerCaseSql = """
        UPDATE outbox SET last_error = 'Trig:Webhooks:Secrets:' || lower(substr(last_error, 23))
        WHERE status = 'waiting' AND action_kind = 'webhook' AND substr(last_error, 1, 22) = 'Trig:Webhooks:Secrets:';
        """;
}
