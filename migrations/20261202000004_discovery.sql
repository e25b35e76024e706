-- Discovery: places (nearby), favourites and recents, curated collections, and the change feed
-- that keeps every instance's search index in step with the catalogue.

-- The places of a mini-program (the "store mini-program" of a shop or a branch network).
CREATE TABLE mp_places (
    mp_id          TEXT NOT NULL REFERENCES mini_programs (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL CHECK (position >= 0),
    name           TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    address        TEXT NOT NULL DEFAULT '' CHECK (length(address) <= 200),
    lat            DOUBLE PRECISION NOT NULL CHECK (lat BETWEEN -90 AND 90),
    lon            DOUBLE PRECISION NOT NULL CHECK (lon BETWEEN -180 AND 180),
    -- e.g. "Mo-Fr 09:00-18:00; Sa 10:00-14:00" (validated by the server).
    opening_hours  TEXT NOT NULL DEFAULT '' CHECK (length(opening_hours) <= 200),
    PRIMARY KEY (mp_id, position)
);

-- A signed-in storefront user's favourites.
CREATE TABLE favourites (
    account_id  UUID NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    mp_id       TEXT NOT NULL REFERENCES mini_programs (id) ON DELETE CASCADE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, mp_id)
);
CREATE INDEX favourites_newest ON favourites (account_id, created_at DESC);

-- A host app's user's favourites (host-app user ids are the host app's own).
CREATE TABLE host_favourites (
    host_app_id  UUID NOT NULL REFERENCES host_apps (id),
    user_id      TEXT NOT NULL CHECK (length(user_id) BETWEEN 1 AND 200),
    mp_id        TEXT NOT NULL REFERENCES mini_programs (id) ON DELETE CASCADE,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (host_app_id, user_id, mp_id)
);

-- What a signed-in storefront user launched, newest first (one row per mini-program).
CREATE TABLE recent_launches (
    account_id  UUID NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    mp_id       TEXT NOT NULL REFERENCES mini_programs (id) ON DELETE CASCADE,
    last_used   TIMESTAMPTZ NOT NULL DEFAULT now(),
    launches    BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (account_id, mp_id)
);
CREATE INDEX recent_launches_newest ON recent_launches (account_id, last_used DESC);

-- A host app's recents come from its launch events.
CREATE INDEX events_recent ON events (host_app_id, user_id, ts DESC) WHERE type = 'launch';
CREATE INDEX events_launch_mp ON events (mp_id, ts) WHERE type = 'launch';

-- Curated collections: rows on the storefront's home page; the featured one is its banner.
CREATE TABLE collections (
    id            UUID PRIMARY KEY,
    title         TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 80),
    subtitle      TEXT NOT NULL DEFAULT '' CHECK (length(subtitle) <= 160),
    banner_sha    TEXT REFERENCES blobs (sha256),
    -- NULL: every host app (and the storefront).
    host_app_id   UUID REFERENCES host_apps (id),
    visible_from  TIMESTAMPTZ,
    visible_to    TIMESTAMPTZ,
    position      INTEGER NOT NULL,
    featured      BOOLEAN NOT NULL DEFAULT FALSE,
    created_by    UUID REFERENCES accounts (id),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (visible_to IS NULL OR visible_from IS NULL OR visible_to > visible_from)
);
CREATE UNIQUE INDEX collections_one_featured ON collections ((TRUE)) WHERE featured;

CREATE TABLE collection_items (
    collection_id  UUID NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
    mp_id          TEXT NOT NULL REFERENCES mini_programs (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    PRIMARY KEY (collection_id, mp_id)
);

-- The search index's change feed: one row per mini-program whose search document may have
-- changed, written by triggers in the same transaction as the change (so an aborted change
-- leaves no row). A reader remembers the snapshot it last read as of and takes the rows of
-- every transaction visible now but not in that snapshot (pg_visible_in_snapshot on the row's
-- xid8), so a long transaction that commits after younger ones is never skipped and a row is
-- never taken twice. The notification only wakes the readers up; they also poll.
CREATE TABLE search_outbox (
    seq    BIGSERIAL PRIMARY KEY,
    xid    XID8 NOT NULL DEFAULT pg_current_xact_id(),
    mp_id  TEXT NOT NULL,
    at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX search_outbox_order ON search_outbox (xid, seq);

CREATE FUNCTION search_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('ministore_search', '');
    RETURN NULL;
END $$;
CREATE TRIGGER search_outbox_notify AFTER INSERT ON search_outbox
    FOR EACH STATEMENT EXECUTE FUNCTION search_outbox_notify();

-- Row triggers: the mini-program a changed row belongs to.
CREATE FUNCTION search_changed_mp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO search_outbox (mp_id) VALUES (OLD.mp_id);
    ELSE
        INSERT INTO search_outbox (mp_id) VALUES (NEW.mp_id);
        IF TG_OP = 'UPDATE' AND NEW.mp_id <> OLD.mp_id THEN
            INSERT INTO search_outbox (mp_id) VALUES (OLD.mp_id);
        END IF;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION search_changed_program() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_outbox (mp_id)
        VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END);
    RETURN NULL;
END $$;

CREATE TRIGGER search_feed AFTER INSERT OR DELETE OR UPDATE OF name, kind, category_id, tags,
    summary, description_md, icon_sha, listed, suspended, org_id ON mini_programs
    FOR EACH ROW EXECUTE FUNCTION search_changed_program();
CREATE TRIGGER search_feed AFTER INSERT OR UPDATE OR DELETE ON releases
    FOR EACH ROW EXECUTE FUNCTION search_changed_mp();
CREATE TRIGGER search_feed AFTER UPDATE OF state ON versions
    FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state)
    EXECUTE FUNCTION search_changed_mp();
CREATE TRIGGER search_feed AFTER INSERT OR UPDATE OR DELETE ON mp_places
    FOR EACH ROW EXECUTE FUNCTION search_changed_mp();

-- Changes that touch many mini-programs: an organization's name, a category, a host app.
CREATE FUNCTION search_changed_org() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_outbox (mp_id) SELECT id FROM mini_programs WHERE org_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER search_feed AFTER UPDATE OF name ON organizations
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION search_changed_org();

CREATE FUNCTION search_changed_category() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_outbox (mp_id) SELECT id FROM mini_programs WHERE category_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER search_feed AFTER UPDATE OF slug, name ON categories
    FOR EACH ROW EXECUTE FUNCTION search_changed_category();

CREATE FUNCTION search_changed_host() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_outbox (mp_id) SELECT mp_id FROM releases WHERE host_app_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER search_feed AFTER UPDATE OF disabled ON host_apps
    FOR EACH ROW WHEN (OLD.disabled IS DISTINCT FROM NEW.disabled)
    EXECUTE FUNCTION search_changed_host();

-- What people searched for in the storefront (host apps report theirs as `search` events):
-- the analytics issue's zero-result queries, and a source for "did you mean".
CREATE TABLE search_queries (
    id           BIGSERIAL PRIMARY KEY,
    account_id   UUID REFERENCES accounts (id) ON DELETE SET NULL,
    q            TEXT NOT NULL CHECK (length(q) BETWEEN 1 AND 200),
    results      INTEGER NOT NULL CHECK (results >= 0),
    at           TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX search_queries_at ON search_queries (at);
