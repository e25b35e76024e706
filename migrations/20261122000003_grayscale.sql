-- Grayscale releases: release plans and their scheduled steps, host-app events, the users seen
-- by resolve/launch (for audience previews), and change notifications for in-memory resolve.

-- Why the release serves its stable version: 'full' after a release, 'rollback' after a roll
-- back (HOST-API.md `reason`). A release's minimum version outlives the plan that set it.
ALTER TABLE releases
    ADD COLUMN reason TEXT NOT NULL DEFAULT 'full' CHECK (reason IN ('full', 'rollback')),
    ADD COLUMN min_version TEXT;

CREATE TABLE release_plans (
    id                    UUID PRIMARY KEY,
    mp_id                 TEXT NOT NULL REFERENCES mini_programs (id),
    host_app_id           UUID NOT NULL REFERENCES host_apps (id),
    stable_version_id     UUID NOT NULL REFERENCES versions (id),
    candidate_version_id  UUID NOT NULL REFERENCES versions (id),
    state                 TEXT NOT NULL DEFAULT 'draft'
                          CHECK (state IN ('draft', 'running', 'paused', 'completed', 'rolled_back')),
    percentage            SMALLINT NOT NULL DEFAULT 0 CHECK (percentage BETWEEN 0 AND 100),
    bucket_group          TEXT NOT NULL CHECK (length(bucket_group) BETWEEN 1 AND 200),
    allow_list            TEXT[] NOT NULL DEFAULT '{}',
    -- Unleash-style constraints: [{"contextName", "operator", "values", "value", "inverted",
    -- "caseInsensitive"}], validated by the rules crate before they are saved.
    conditions            JSONB NOT NULL DEFAULT '[]'::jsonb,
    min_version           TEXT,
    -- Error-rate gate: errors / launches of the candidate over the window, once it has at least
    -- min_launches launches. NULL: no gate.
    max_error_rate        DOUBLE PRECISION CHECK (max_error_rate > 0 AND max_error_rate <= 1),
    min_launches          INTEGER NOT NULL DEFAULT 50 CHECK (min_launches >= 1),
    error_window_minutes  INTEGER NOT NULL DEFAULT 60 CHECK (error_window_minutes BETWEEN 1 AND 10080),
    on_error              TEXT NOT NULL DEFAULT 'pause' CHECK (on_error IN ('pause', 'rollback')),
    -- Why the plan is in its state when the system put it there (the error-rate gate).
    state_reason          TEXT,
    created_by            UUID REFERENCES accounts (id),
    created_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_at            TIMESTAMPTZ,
    ended_at              TIMESTAMPTZ,
    CHECK (stable_version_id <> candidate_version_id)
);
-- At most one open plan per release.
CREATE UNIQUE INDEX release_plans_open ON release_plans (mp_id, host_app_id)
    WHERE state IN ('draft', 'running', 'paused');

-- A scheduled ramp: at `at`, the running plan's percentage becomes `percentage`.
CREATE TABLE plan_steps (
    plan_id     UUID NOT NULL REFERENCES release_plans (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    percentage  SMALLINT NOT NULL CHECK (percentage BETWEEN 0 AND 100),
    at          TIMESTAMPTZ NOT NULL,
    applied_at  TIMESTAMPTZ,
    PRIMARY KEY (plan_id, position)
);
CREATE INDEX plan_steps_due ON plan_steps (at) WHERE applied_at IS NULL;

-- Host-app analytics events (POST /api/v1/events); the client's id makes retries idempotent.
CREATE TABLE events (
    host_app_id  UUID NOT NULL REFERENCES host_apps (id),
    id           UUID NOT NULL,
    type         TEXT NOT NULL CHECK (type IN ('launch', 'view', 'close', 'error', 'search')),
    mp_id        TEXT,
    version      TEXT,
    user_id      TEXT,
    ts           TIMESTAMPTZ NOT NULL,
    duration_ms  BIGINT,
    platform     TEXT,
    region       TEXT,
    message      TEXT,
    received_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (host_app_id, id)
);
CREATE INDEX events_mp_version_ts ON events (mp_id, version, ts);

-- The users a host app has asked about (resolve) or reported (launch), with their last context:
-- what the audience preview evaluates a plan against.
CREATE TABLE seen_users (
    host_app_id  UUID NOT NULL REFERENCES host_apps (id),
    user_id      TEXT NOT NULL,
    last_seen    TIMESTAMPTZ NOT NULL,
    platform     TEXT,
    region       TEXT,
    app_version  TEXT,
    device       TEXT,
    custom       JSONB NOT NULL DEFAULT '{}'::jsonb,
    PRIMARY KEY (host_app_id, user_id)
);
CREATE INDEX seen_users_last_seen ON seen_users (host_app_id, last_seen);

-- Every server instance keeps what resolve needs in memory and reloads it when told: any change
-- to these tables notifies the channel at commit (one notification per transaction and table).
CREATE FUNCTION notify_resolve_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('ministore_resolve', TG_TABLE_NAME);
    RETURN NULL;
END $$;

CREATE TRIGGER resolve_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON releases
    FOR EACH STATEMENT EXECUTE FUNCTION notify_resolve_change();
CREATE TRIGGER resolve_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON release_plans
    FOR EACH STATEMENT EXECUTE FUNCTION notify_resolve_change();
CREATE TRIGGER resolve_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON mini_programs
    FOR EACH STATEMENT EXECUTE FUNCTION notify_resolve_change();
CREATE TRIGGER resolve_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON versions
    FOR EACH STATEMENT EXECUTE FUNCTION notify_resolve_change();
CREATE TRIGGER resolve_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON host_apps
    FOR EACH STATEMENT EXECUTE FUNCTION notify_resolve_change();
CREATE TRIGGER resolve_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON org_members
    FOR EACH STATEMENT EXECUTE FUNCTION notify_resolve_change();
CREATE TRIGGER resolve_change AFTER UPDATE OF disabled ON accounts
    FOR EACH STATEMENT EXECUTE FUNCTION notify_resolve_change();
