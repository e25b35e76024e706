-- The mini-program lifecycle: host apps, mini-programs, versions, releases, invitations, blobs.

-- Content-addressed files (packages, icons, screenshots); bytes live in the blob store.
CREATE TABLE blobs (
    sha256        TEXT PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size          BIGINT NOT NULL,
    content_type  TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE host_apps (
    id           UUID PRIMARY KEY,
    app_key      TEXT NOT NULL UNIQUE CHECK (app_key ~ '^ha_[a-z0-9]+$'),
    name         TEXT NOT NULL,
    platforms    TEXT[] NOT NULL DEFAULT '{}',
    -- sha256 of the secret (the secret is 32 random bytes, so a fast hash is enough and keeps
    -- every host API call cheap); never the secret itself.
    secret_hash  TEXT NOT NULL,
    disabled     BOOLEAN NOT NULL DEFAULT FALSE,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    rotated_at   TIMESTAMPTZ
);

CREATE TABLE mini_programs (
    id              TEXT PRIMARY KEY CHECK (id ~ '^mp_[a-z0-9_-]{1,64}$'),
    org_id          UUID NOT NULL REFERENCES organizations (id),
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('program', 'game')),
    category_id     INTEGER REFERENCES categories (id),
    tags            TEXT[] NOT NULL DEFAULT '{}',
    summary         TEXT NOT NULL DEFAULT '',
    description_md  TEXT NOT NULL DEFAULT '',
    icon_sha        TEXT REFERENCES blobs (sha256),
    screenshots     TEXT[] NOT NULL DEFAULT '{}',
    listed          BOOLEAN NOT NULL DEFAULT TRUE,
    suspended       BOOLEAN NOT NULL DEFAULT FALSE,
    suspended_reason TEXT,
    created_by      UUID REFERENCES accounts (id),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX mini_programs_org ON mini_programs (org_id);

CREATE TABLE versions (
    id             UUID PRIMARY KEY,
    mp_id          TEXT NOT NULL REFERENCES mini_programs (id),
    version        TEXT NOT NULL,
    -- (major, minor, patch) for ordering in SQL; pre-releases order in Rust.
    v_major        BIGINT NOT NULL,
    v_minor        BIGINT NOT NULL,
    v_patch        BIGINT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('uploaded', 'validated', 'invalid', 'in_trial',
                   'in_review', 'approved', 'rejected', 'released', 'superseded', 'withdrawn')),
    package_sha    TEXT REFERENCES blobs (sha256),
    size           BIGINT NOT NULL DEFAULT 0,
    report         JSONB,
    release_notes  TEXT NOT NULL DEFAULT '',
    permissions    TEXT[] NOT NULL DEFAULT '{}',
    entry          TEXT NOT NULL DEFAULT 'index.html',
    submitted_at   TIMESTAMPTZ,
    reviewed_by    UUID REFERENCES accounts (id),
    reviewed_at    TIMESTAMPTZ,
    review_reason  TEXT,
    uploaded_by    UUID REFERENCES accounts (id),
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (mp_id, version)
);
CREATE INDEX versions_review_queue ON versions (submitted_at) WHERE state = 'in_review';

-- A mini-program released to a host app: the version it serves (grayscale adds a candidate).
CREATE TABLE releases (
    mp_id              TEXT NOT NULL REFERENCES mini_programs (id),
    host_app_id        UUID NOT NULL REFERENCES host_apps (id),
    stable_version_id  UUID NOT NULL REFERENCES versions (id),
    active             BOOLEAN NOT NULL DEFAULT TRUE,
    released_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (mp_id, host_app_id)
);

CREATE TABLE invitations (
    id          UUID PRIMARY KEY,
    org_id      UUID NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email       TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('owner', 'developer', 'tester')),
    invited_by  UUID REFERENCES accounts (id),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    accepted_at TIMESTAMPTZ,
    UNIQUE (org_id, email)
);
CREATE INDEX invitations_email ON invitations (email) WHERE accepted_at IS NULL;
