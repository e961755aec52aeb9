namespace Trig.Crm.Store.Sqlite;

/// <summary>Versioned schema migrations: each runs once, in order, inside a transaction.</summary>
internal static class SqliteMigrations
{
    public static readonly (int Version, string Sql)[] All =
    [
        (1, """
            CREATE TABLE entities (
                kind INTEGER NOT NULL, id TEXT NOT NULL, organisation_id TEXT, owner_email TEXT, record_url TEXT,
                updated_at INTEGER NOT NULL, dirty INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (kind, id)) WITHOUT ROWID;
            CREATE INDEX ix_entities_org ON entities (organisation_id) WHERE organisation_id IS NOT NULL;
            CREATE INDEX ix_entities_dirty ON entities (dirty) WHERE dirty = 1;
            CREATE TABLE attributes (
                kind INTEGER NOT NULL, entity_id TEXT NOT NULL, name TEXT NOT NULL, type INTEGER NOT NULL, value TEXT NOT NULL,
                PRIMARY KEY (kind, entity_id, name)) WITHOUT ROWID;
            CREATE TABLE events (
                id INTEGER PRIMARY KEY, message_id TEXT UNIQUE, kind INTEGER NOT NULL, entity_id TEXT NOT NULL,
                organisation_id TEXT, name TEXT NOT NULL, occurred_at INTEGER NOT NULL, received_at INTEGER NOT NULL, properties TEXT);
            CREATE INDEX ix_events_entity ON events (kind, entity_id);
            CREATE TABLE memberships (
                kind INTEGER NOT NULL, entity_id TEXT NOT NULL, definition_key TEXT NOT NULL, status INTEGER NOT NULL,
                entered_at INTEGER NOT NULL, last_entered INTEGER, last_completed INTEGER, last_exited INTEGER,
                entries INTEGER NOT NULL, follow_ups_done INTEGER NOT NULL, detail TEXT,
                PRIMARY KEY (kind, entity_id, definition_key)) WITHOUT ROWID;
            CREATE INDEX ix_memberships_def ON memberships (definition_key, status);
            CREATE TABLE transitions (
                id INTEGER PRIMARY KEY, kind INTEGER NOT NULL, entity_id TEXT NOT NULL, definition_key TEXT NOT NULL,
                definition_kind INTEGER NOT NULL, transition INTEGER NOT NULL, at INTEGER NOT NULL, version TEXT NOT NULL,
                reason TEXT NOT NULL, run INTEGER NOT NULL, step INTEGER NOT NULL,
                UNIQUE (definition_key, kind, entity_id, run, transition, step));
            CREATE INDEX ix_transitions_entity ON transitions (kind, entity_id, id);
            CREATE TABLE outbox (
                id INTEGER PRIMARY KEY, idempotency_key TEXT NOT NULL UNIQUE, transition_id INTEGER NOT NULL,
                action_kind TEXT NOT NULL, payload TEXT NOT NULL, definition_key TEXT NOT NULL, definition_name TEXT NOT NULL,
                definition_kind INTEGER NOT NULL, transition TEXT NOT NULL, entity_kind INTEGER NOT NULL, entity_id TEXT NOT NULL,
                occurred_at INTEGER NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at INTEGER NOT NULL, claimed_until INTEGER, last_error TEXT, detail TEXT, updated_at INTEGER NOT NULL);
            CREATE INDEX ix_outbox_due ON outbox (status, next_attempt_at);
            CREATE TABLE pushed (
                provider TEXT NOT NULL, kind INTEGER NOT NULL, entity_id TEXT NOT NULL, name TEXT NOT NULL, value TEXT,
                pushed_at INTEGER NOT NULL, PRIMARY KEY (provider, kind, entity_id, name)) WITHOUT ROWID;
            CREATE TABLE crm_properties (
                kind INTEGER NOT NULL, entity_id TEXT NOT NULL, name TEXT NOT NULL, value TEXT, written_at INTEGER NOT NULL,
                PRIMARY KEY (kind, entity_id, name)) WITHOUT ROWID;
            CREATE TABLE checkpoints (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE definitions (
                key TEXT PRIMARY KEY, live_at INTEGER NOT NULL, version TEXT NOT NULL, paused_by_admin INTEGER NOT NULL DEFAULT 0,
                updated_at INTEGER NOT NULL);
            CREATE TABLE audit (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, subject TEXT NOT NULL);
            CREATE TABLE benchmarks (
                stage_key TEXT NOT NULL, objective_key TEXT NOT NULL, mean_seconds REAL NOT NULL, completions INTEGER NOT NULL,
                PRIMARY KEY (stage_key, objective_key));
            CREATE TABLE deliveries (source TEXT NOT NULL, id TEXT NOT NULL, received_at INTEGER NOT NULL, PRIMARY KEY (source, id)) WITHOUT ROWID;
            """),
        (2, """
            CREATE TABLE refresh_queue (kind INTEGER NOT NULL, id TEXT NOT NULL, queued_at INTEGER NOT NULL, PRIMARY KEY (kind, id));
            """),
        (3, """
            CREATE TABLE ingest_messages (message_id TEXT PRIMARY KEY, received_at INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE ingest_identities (
                kind INTEGER NOT NULL, external_id TEXT NOT NULL, entity_id TEXT NOT NULL,
                PRIMARY KEY (kind, external_id)) WITHOUT ROWID;
            CREATE TABLE ingest_pending (
                id INTEGER PRIMARY KEY, type INTEGER NOT NULL, message_id TEXT NOT NULL, user_id TEXT, anonymous_id TEXT,
                group_id TEXT, event TEXT, traits TEXT, properties TEXT, occurred_at INTEGER NOT NULL, received_at INTEGER NOT NULL);
            CREATE INDEX ix_ingest_pending_anon ON ingest_pending (anonymous_id) WHERE user_id IS NULL;
            CREATE INDEX ix_attributes_lookup ON attributes (kind, name, value COLLATE NOCASE);
            """),
        (4, """
            CREATE UNIQUE INDEX ux_ingest_pending_message ON ingest_pending (message_id);
            """),
        (5, """
            CREATE INDEX ix_ingest_pending_user ON ingest_pending (user_id) WHERE user_id IS NOT NULL;
            CREATE INDEX ix_ingest_pending_group ON ingest_pending (group_id) WHERE group_id IS NOT NULL;
            """),
        (6, """
            CREATE TABLE cycle_runs (
                id INTEGER PRIMARY KEY, kind TEXT NOT NULL, started_at INTEGER NOT NULL, duration_ms INTEGER NOT NULL,
                outcome TEXT NOT NULL, error TEXT, entities INTEGER NOT NULL, transitions INTEGER NOT NULL,
                actions_queued INTEGER NOT NULL, properties_written INTEGER NOT NULL);
            CREATE INDEX ix_cycle_runs_started ON cycle_runs (started_at);
            CREATE TABLE definition_freshness (key TEXT PRIMARY KEY, evaluated_at INTEGER NOT NULL) WITHOUT ROWID;
            """),
        (7, """
            CREATE TABLE definition_set_versions (
                version INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, summary TEXT NOT NULL);
            CREATE TABLE authored_definitions (
                key TEXT NOT NULL, set_version INTEGER NOT NULL, section TEXT NOT NULL, text TEXT, diff TEXT NOT NULL,
                PRIMARY KEY (key, set_version)) WITHOUT ROWID;
            """),
        (8, """
            CREATE TABLE signal_snapshots (
                signal_key TEXT NOT NULL, day TEXT NOT NULL, members INTEGER NOT NULL, arr_at_risk REAL,
                entered TEXT NOT NULL, exited TEXT NOT NULL, taken_at INTEGER NOT NULL,
                PRIMARY KEY (signal_key, day)) WITHOUT ROWID;
            """),
        (9, """
            CREATE TABLE cluster_cycles (
                id INTEGER PRIMARY KEY, as_of INTEGER NOT NULL, definitions_version TEXT NOT NULL, opened_by TEXT NOT NULL,
                opened_at INTEGER NOT NULL, closed_at INTEGER, is_open INTEGER UNIQUE, shards INTEGER NOT NULL);
            CREATE TABLE cluster_shards (
                cycle_id INTEGER NOT NULL, shard INTEGER NOT NULL, kind INTEGER NOT NULL, first_id TEXT NOT NULL, last_id TEXT NOT NULL,
                owner TEXT, lease_until INTEGER, done_at INTEGER, entities INTEGER NOT NULL DEFAULT 0, actions INTEGER NOT NULL DEFAULT 0,
                transitions TEXT, PRIMARY KEY (cycle_id, shard)) WITHOUT ROWID;
            """),
        (10, """
            CREATE TABLE crm_request_budget (
                provider TEXT NOT NULL, policy TEXT NOT NULL, window_start INTEGER NOT NULL, used INTEGER NOT NULL,
                granted INTEGER NOT NULL, PRIMARY KEY (provider, policy)) WITHOUT ROWID;
            """),
        (12, """
            CREATE TABLE push_journal (
                id INTEGER PRIMARY KEY, provider TEXT NOT NULL, started_at INTEGER NOT NULL, changes TEXT NOT NULL);
            """),
        (13, """
            ALTER TABLE entities ADD COLUMN settled_until INTEGER;
            ALTER TABLE cluster_cycles ADD COLUMN settled_basis TEXT;
            ALTER TABLE cluster_cycles ADD COLUMN only_due INTEGER NOT NULL DEFAULT 0;
            """),
        (14, """
            CREATE TABLE transition_totals (
                definition_key TEXT NOT NULL, transition INTEGER NOT NULL, definition_kind INTEGER NOT NULL, n INTEGER NOT NULL,
                PRIMARY KEY (definition_key, transition)) WITHOUT ROWID;
            CREATE TABLE completion_minutes (
                definition_key TEXT NOT NULL, minutes INTEGER NOT NULL, n INTEGER NOT NULL, total_ms INTEGER NOT NULL,
                PRIMARY KEY (definition_key, minutes)) WITHOUT ROWID;
            """ + Reporting.MetricTotals.BackfillSql),
        (15, """
            CREATE INDEX ix_outbox_waiting ON outbox (last_error) WHERE status = 'waiting';
            """),
        (16, """
            CREATE INDEX ix_entities_org_settled ON entities (settled_until) WHERE kind = 0;
            CREATE INDEX ix_entities_person_settled ON entities (settled_until) WHERE kind = 1 AND settled_until IS NOT NULL;
            UPDATE entities AS p SET settled_until = 0 WHERE kind = 1 AND settled_until IS NULL
                AND (organisation_id IS NULL OR NOT EXISTS (SELECT 1 FROM entities o WHERE o.kind = 0 AND o.id = p.organisation_id));
            """),

        // A webhook waiting on its secret names it in lower case, as the release does (configuration keys ignore case).
        (17, WebhookWaitingReasons.LowerCaseSql),
    ];
}
