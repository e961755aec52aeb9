namespace Trig.Crm.Store.Postgres;

/// <summary>
/// The tables of Quartz.NET 4.7's ADO.NET job store (prefix <c>qrtz_</c>), created by migration 9 so that every
/// <c>trig run</c> sharing the database can run Quartz clustered. Quartz only validates them at start; it never
/// creates or alters them, so the schema stays versioned with ours. Columns, types and keys are those Quartz 4.7
/// checks and reads (its <c>bool</c>, <c>bytea</c>, <c>smallint</c> and <c>numeric</c> columns included: these are
/// Quartz's tables, not store data, so <c>trig store copy</c> and the demo reset leave them alone). A Quartz upgrade
/// that changes them comes with a migration of its own.
/// </summary>
internal static class PostgresQuartzSchema
{
    public const string Tables = """
        CREATE TABLE qrtz_job_details (
            sched_name text NOT NULL, job_name text NOT NULL, job_group text NOT NULL, description text,
            job_class_name text NOT NULL, is_durable bool NOT NULL, is_nonconcurrent bool NOT NULL, is_update_data bool NOT NULL,
            requests_recovery bool NOT NULL, job_data bytea,
            PRIMARY KEY (sched_name, job_name, job_group));
        CREATE TABLE qrtz_triggers (
            sched_name text NOT NULL, trigger_name text NOT NULL, trigger_group text NOT NULL, job_name text NOT NULL,
            job_group text NOT NULL, description text, next_fire_time bigint, prev_fire_time bigint, priority integer,
            trigger_state text NOT NULL, trigger_type text NOT NULL, start_time bigint NOT NULL, end_time bigint,
            calendar_name text, misfire_instr smallint, misfire_orig_fire_time bigint, execution_group varchar(200),
            preferred_node varchar(200), preferred_node_auto bool NOT NULL DEFAULT false, retry_policy varchar(250),
            retry_attempt integer, continues_trigger_name text, continues_trigger_group text, continuation_condition integer,
            overlap_policy integer, pause_reason varchar(250), paused_by varchar(200), paused_at bigint,
            misfire_threshold bigint, fixed_delay bool, job_data bytea,
            PRIMARY KEY (sched_name, trigger_name, trigger_group),
            FOREIGN KEY (sched_name, job_name, job_group) REFERENCES qrtz_job_details (sched_name, job_name, job_group));
        CREATE TABLE qrtz_simple_triggers (
            sched_name text NOT NULL, trigger_name text NOT NULL, trigger_group text NOT NULL,
            repeat_count bigint NOT NULL, repeat_interval bigint NOT NULL, times_triggered bigint NOT NULL,
            PRIMARY KEY (sched_name, trigger_name, trigger_group),
            FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE);
        CREATE TABLE qrtz_cron_triggers (
            sched_name text NOT NULL, trigger_name text NOT NULL, trigger_group text NOT NULL,
            cron_expression text NOT NULL, time_zone_id text,
            PRIMARY KEY (sched_name, trigger_name, trigger_group),
            FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE);
        CREATE TABLE qrtz_simprop_triggers (
            sched_name text NOT NULL, trigger_name text NOT NULL, trigger_group text NOT NULL,
            str_prop_1 text, str_prop_2 text, str_prop_3 text, int_prop_1 integer, int_prop_2 integer,
            long_prop_1 bigint, long_prop_2 bigint, dec_prop_1 numeric, dec_prop_2 numeric, bool_prop_1 bool, bool_prop_2 bool,
            time_zone_id text,
            PRIMARY KEY (sched_name, trigger_name, trigger_group),
            FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE);
        CREATE TABLE qrtz_blob_triggers (
            sched_name text NOT NULL, trigger_name text NOT NULL, trigger_group text NOT NULL, blob_data bytea,
            PRIMARY KEY (sched_name, trigger_name, trigger_group),
            FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE);
        CREATE TABLE qrtz_calendars (
            sched_name text NOT NULL, calendar_name text NOT NULL, calendar bytea NOT NULL,
            PRIMARY KEY (sched_name, calendar_name));
        CREATE TABLE qrtz_paused_trigger_grps (
            sched_name text NOT NULL, trigger_group text NOT NULL,
            pause_reason varchar(250), paused_by varchar(200), paused_at bigint,
            PRIMARY KEY (sched_name, trigger_group));
        CREATE TABLE qrtz_paused_job_grps (
            sched_name text NOT NULL, job_group text NOT NULL,
            pause_reason varchar(250), paused_by varchar(200), paused_at bigint,
            PRIMARY KEY (sched_name, job_group));
        CREATE TABLE qrtz_fired_triggers (
            sched_name text NOT NULL, entry_id text NOT NULL, trigger_name text NOT NULL, trigger_group text NOT NULL,
            instance_name text NOT NULL, fired_time bigint NOT NULL, sched_time bigint NOT NULL, priority integer NOT NULL,
            state text NOT NULL, job_name text, job_group text, is_nonconcurrent bool NOT NULL, requests_recovery bool,
            execution_group varchar(200), progress integer, progress_message varchar(250), interrupt_requested_time bigint,
            PRIMARY KEY (sched_name, entry_id));
        CREATE TABLE qrtz_scheduler_state (
            sched_name text NOT NULL, instance_name text NOT NULL, last_checkin_time bigint NOT NULL,
            checkin_interval bigint NOT NULL, quartz_version varchar(20),
            PRIMARY KEY (sched_name, instance_name));
        CREATE TABLE qrtz_locks (
            sched_name text NOT NULL, lock_name text NOT NULL,
            PRIMARY KEY (sched_name, lock_name));
        CREATE TABLE qrtz_execution_history (
            sched_name text NOT NULL, entry_id text NOT NULL, instance_name text NOT NULL, job_name text NOT NULL,
            job_group text NOT NULL, trigger_name text NOT NULL, trigger_group text NOT NULL, fired_time bigint NOT NULL,
            run_time bigint NOT NULL, succeeded bool NOT NULL, error_message text, retry_attempt integer NOT NULL DEFAULT 0,
            retry_scheduled bool NOT NULL DEFAULT false, execution_log text, result integer, summary text, metrics text,
            manual bool, fire_instance_id text, job_input text, job_input_too_large bool,
            PRIMARY KEY (sched_name, entry_id));
        CREATE TABLE qrtz_misfire_history (
            sched_name text NOT NULL, entry_id text NOT NULL, instance_name text NOT NULL, trigger_name text NOT NULL,
            trigger_group text NOT NULL, job_name text, job_group text, misfire_time bigint NOT NULL, sched_time bigint,
            reason integer,
            PRIMARY KEY (sched_name, entry_id));
        CREATE TABLE qrtz_job_status (
            sched_name text NOT NULL, job_group text NOT NULL, job_name text NOT NULL, first_fired_time bigint NOT NULL,
            last_fired_time bigint NOT NULL, last_result integer NOT NULL, last_run_time bigint NOT NULL,
            last_instance_name text NOT NULL, last_entry_id text, last_summary text, last_success_time bigint,
            last_failure_time bigint, last_failure_message text, consecutive_failures integer NOT NULL DEFAULT 0,
            run_count bigint NOT NULL DEFAULT 0, failure_count bigint NOT NULL DEFAULT 0,
            PRIMARY KEY (sched_name, job_group, job_name));
        -- The lookups Quartz makes on every acquisition, misfire scan and cluster recovery.
        CREATE INDEX idx_qrtz_j_g_n ON qrtz_job_details (sched_name, job_group, job_name);
        CREATE INDEX idx_qrtz_t_j ON qrtz_triggers (sched_name, job_name, job_group);
        CREATE INDEX idx_qrtz_t_g_n ON qrtz_triggers (sched_name, trigger_group, trigger_name);
        CREATE INDEX idx_qrtz_t_c ON qrtz_triggers (sched_name, calendar_name);
        CREATE INDEX idx_qrtz_t_nft_st ON qrtz_triggers (sched_name, trigger_state, next_fire_time ASC, priority DESC, misfire_instr);
        CREATE INDEX idx_qrtz_ft_inst_job_req_rcvry ON qrtz_fired_triggers (sched_name, instance_name, requests_recovery);
        CREATE INDEX idx_qrtz_ft_j_g ON qrtz_fired_triggers (sched_name, job_name, job_group);
        CREATE INDEX idx_qrtz_ft_t_g ON qrtz_fired_triggers (sched_name, trigger_name, trigger_group);
        CREATE INDEX idx_qrtz_eh_fired_time ON qrtz_execution_history (sched_name, fired_time);
        CREATE INDEX idx_qrtz_eh_inst ON qrtz_execution_history (sched_name, instance_name);
        CREATE INDEX idx_qrtz_eh_job_time ON qrtz_execution_history (sched_name, job_group, job_name, fired_time);
        CREATE INDEX idx_qrtz_eh_fire_inst ON qrtz_execution_history (sched_name, fire_instance_id);
        CREATE INDEX idx_qrtz_eh_trig_time ON qrtz_execution_history (sched_name, trigger_group, trigger_name, fired_time);
        CREATE INDEX idx_qrtz_mh_misfire_time ON qrtz_misfire_history (sched_name, misfire_time);
        CREATE INDEX idx_qrtz_mh_inst ON qrtz_misfire_history (sched_name, instance_name);
        """;
}
