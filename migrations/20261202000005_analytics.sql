-- Analytics: the raw events partitioned by day (UTC), the storefront as a host app of its own,
-- and the rollup tables the charts read (maintained by the server's rollup task).

-- The storefront reports its own events (views, launches, closes, searches, favourites) under
-- a built-in host app. It has no secret (no sha256 is "!") and is left out of the host-app
-- lists.
ALTER TABLE host_apps ADD COLUMN builtin BOOLEAN NOT NULL DEFAULT FALSE;
INSERT INTO host_apps (id, app_key, name, platforms, secret_hash, builtin)
VALUES ('00000000-0000-4000-8000-000000000001', 'ha_storefront', 'Storefront (web)', '{web}', '!',
        TRUE);

-- The raw events, one partition per UTC day. The primary key must hold the partition key: an
-- event is identified by its host app, its id and its time (a retry repeats all three).
ALTER TABLE events RENAME TO events_unpartitioned;
ALTER TABLE events_unpartitioned RENAME CONSTRAINT events_pkey TO events_unpartitioned_pkey;
DROP INDEX events_mp_version_ts, events_recent, events_launch_mp;

CREATE TABLE events (
    host_app_id  UUID NOT NULL REFERENCES host_apps (id),
    id           UUID NOT NULL,
    type         TEXT NOT NULL
                 CHECK (type IN ('launch', 'view', 'close', 'error', 'search', 'favourite')),
    mp_id        TEXT,
    version      TEXT,
    user_id      TEXT,
    ts           TIMESTAMPTZ NOT NULL,
    duration_ms  BIGINT,
    platform     TEXT,
    region       TEXT,
    message      TEXT,
    received_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- A search's result count.
    results      INTEGER CHECK (results >= 0),
    PRIMARY KEY (host_app_id, id, ts)
) PARTITION BY RANGE (ts);
CREATE INDEX events_mp_version_ts ON events (mp_id, version, ts);
CREATE INDEX events_recent ON events (host_app_id, user_id, ts DESC) WHERE type = 'launch';
CREATE INDEX events_launch_mp ON events (mp_id, ts) WHERE type = 'launch';
CREATE INDEX events_search ON events (ts) WHERE type = 'search';

-- Creates the missing day partitions from `first` to `last` (UTC days, inclusive); returns how
-- many it made. Several servers may call it at once: an advisory lock makes them take turns.
CREATE FUNCTION ensure_event_partitions(first DATE, last DATE) RETURNS INTEGER
LANGUAGE plpgsql AS $$
DECLARE
    d DATE;
    made INTEGER := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('ministore.event_partitions'));
    FOR d IN SELECT generate_series(first, last, interval '1 day')::date LOOP
        IF to_regclass(format('events_%s', to_char(d, 'YYYYMMDD'))) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
                           'events_' || to_char(d, 'YYYYMMDD'),
                           d::text || ' 00:00:00+00', (d + 1)::text || ' 00:00:00+00');
            made := made + 1;
        END IF;
    END LOOP;
    RETURN made;
END $$;

-- Drops the day partitions of days before `keep_from`; returns how many it dropped.
CREATE FUNCTION drop_event_partitions(keep_from DATE) RETURNS INTEGER
LANGUAGE plpgsql AS $$
DECLARE
    part TEXT;
    dropped INTEGER := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('ministore.event_partitions'));
    FOR part IN
        SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'events'::regclass AND c.relname ~ '^events_[0-9]{8}$'
          AND to_date(substr(c.relname, 8), 'YYYYMMDD') < keep_from
    LOOP
        EXECUTE format('DROP TABLE %I', part);
        dropped := dropped + 1;
    END LOOP;
    RETURN dropped;
END $$;

SELECT ensure_event_partitions(
    LEAST((SELECT min((ts AT TIME ZONE 'UTC')::date) FROM events_unpartitioned
           WHERE ts >= now() - interval '90 days'),
          (now() AT TIME ZONE 'UTC')::date - 1),
    (now() AT TIME ZONE 'UTC')::date + 7);
INSERT INTO events (host_app_id, id, type, mp_id, version, user_id, ts, duration_ms, platform,
                    region, message, received_at)
SELECT host_app_id, id, type, mp_id, version, user_id, ts, duration_ms, platform, region, message,
       received_at
FROM events_unpartitioned
WHERE ts >= now() - interval '90 days' AND ts < (now() AT TIME ZONE 'UTC')::date + 8;
DROP TABLE events_unpartitioned;

-- The storefront's searches become `search` events of the storefront host app.
DROP TABLE search_queries;

-- What the rollup task must recompute: a (UTC day, mini-program) touched by new events,
-- written in the same transaction as the events ('' for events without a mini-program, such
-- as searches). Append-only, so concurrent batches never wait on each other; the task deletes
-- what it has seen and recomputes those days.
CREATE TABLE analytics_dirty (
    id     BIGSERIAL PRIMARY KEY,
    day    DATE NOT NULL,
    mp_id  TEXT NOT NULL
);

-- Per day × mini-program × version × host app × platform × region ('' where the event had
-- none): counts, and the launching users of that group (exact distinct).
CREATE TABLE analytics_daily (
    day          DATE NOT NULL,
    mp_id        TEXT NOT NULL,
    version      TEXT NOT NULL,
    host_app_id  UUID NOT NULL,
    platform     TEXT NOT NULL,
    region       TEXT NOT NULL,
    launches     BIGINT NOT NULL,
    views        BIGINT NOT NULL,
    errors       BIGINT NOT NULL,
    favourites   BIGINT NOT NULL,
    -- `close` events with a duration, and the sum of those durations.
    sessions     BIGINT NOT NULL,
    duration_ms  BIGINT NOT NULL,
    users        BIGINT NOT NULL,
    PRIMARY KEY (day, mp_id, version, host_app_id, platform, region)
);
CREATE INDEX analytics_daily_mp ON analytics_daily (mp_id, day);

-- Session length percentiles per day × mini-program × version.
CREATE TABLE analytics_durations (
    day       DATE NOT NULL,
    mp_id     TEXT NOT NULL,
    version   TEXT NOT NULL,
    sessions  BIGINT NOT NULL,
    p50_ms    BIGINT NOT NULL,
    p90_ms    BIGINT NOT NULL,
    PRIMARY KEY (day, mp_id, version)
);

-- Who was active: one row per user (a 64-bit hash of host app and user id) per day,
-- mini-program and kind (`launch` or `view`). Unique users over any range and filter are an
-- exact count(DISTINCT user_key) over these rows.
CREATE TABLE analytics_actives (
    day          DATE NOT NULL,
    mp_id        TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('launch', 'view')),
    user_key     BIGINT NOT NULL,
    host_app_id  UUID NOT NULL,
    platform     TEXT NOT NULL,
    region       TEXT NOT NULL,
    PRIMARY KEY (day, mp_id, kind, user_key, host_app_id, platform, region)
);
CREATE INDEX analytics_actives_mp ON analytics_actives (mp_id, day);

-- Each user's first launch day, per mini-program and ('' ) on the platform: new users and the
-- retention cohorts. Kept after the raw events are dropped.
CREATE TABLE analytics_first_seen (
    mp_id        TEXT NOT NULL,
    user_key     BIGINT NOT NULL,
    host_app_id  UUID NOT NULL,
    platform     TEXT NOT NULL,
    region       TEXT NOT NULL,
    first_day    DATE NOT NULL,
    PRIMARY KEY (mp_id, user_key)
);
CREATE INDEX analytics_first_seen_day ON analytics_first_seen (mp_id, first_day);

-- Errors per day × mini-program × version × message (the first 200 characters).
CREATE TABLE analytics_errors (
    day      DATE NOT NULL,
    mp_id    TEXT NOT NULL,
    version  TEXT NOT NULL,
    message  TEXT NOT NULL,
    errors   BIGINT NOT NULL,
    PRIMARY KEY (day, mp_id, version, message)
);

-- Searches per day × host app × normalised query, and how many found nothing.
CREATE TABLE analytics_searches (
    day          DATE NOT NULL,
    host_app_id  UUID NOT NULL,
    q            TEXT NOT NULL,
    searches     BIGINT NOT NULL,
    no_results   BIGINT NOT NULL,
    PRIMARY KEY (day, host_app_id, q)
);

-- Every day with events in the table is dirty once, so the first rollup run covers history.
INSERT INTO analytics_dirty (day, mp_id)
SELECT DISTINCT (ts AT TIME ZONE 'UTC')::date, coalesce(mp_id, '') FROM events;
