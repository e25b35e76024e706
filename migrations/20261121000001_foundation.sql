-- Accounts, organizations, categories, sign-in throttling and the audit log.

CREATE TABLE accounts (
    id                   UUID PRIMARY KEY,
    email                TEXT NOT NULL UNIQUE CHECK (email = lower(email)),
    display_name         TEXT NOT NULL,
    password_hash        TEXT NOT NULL,
    role                 TEXT NOT NULL DEFAULT 'consumer'
                         CHECK (role IN ('consumer', 'developer', 'operator', 'admin')),
    disabled             BOOLEAN NOT NULL DEFAULT FALSE,
    -- Bumped to end every session of the account (disable, password change elsewhere).
    auth_epoch           INTEGER NOT NULL DEFAULT 0,
    developer_terms_at   TIMESTAMPTZ,
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX accounts_search ON accounts (lower(display_name) text_pattern_ops);

-- One row per failed sign-in; old rows are pruned by the server.
CREATE TABLE login_failures (
    id         BIGSERIAL PRIMARY KEY,
    email      TEXT NOT NULL,
    address    TEXT NOT NULL,
    at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_email ON login_failures (email, at);
CREATE INDEX login_failures_address ON login_failures (address, at);

CREATE TABLE organizations (
    id          UUID PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL DEFAULT 'partner' CHECK (kind IN ('in_house', 'partner')),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE org_members (
    org_id      UUID NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    account_id  UUID NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('owner', 'developer', 'tester')),
    joined_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, account_id)
);
CREATE INDEX org_members_account ON org_members (account_id);

CREATE TABLE categories (
    id        SERIAL PRIMARY KEY,
    slug      TEXT NOT NULL UNIQUE,
    name      TEXT NOT NULL,
    icon      TEXT NOT NULL DEFAULT '',
    position  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE audit_log (
    id           BIGSERIAL PRIMARY KEY,
    at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor_id     UUID REFERENCES accounts (id) ON DELETE SET NULL,
    action       TEXT NOT NULL,
    target_type  TEXT NOT NULL,
    target_id    TEXT NOT NULL,
    detail       JSONB NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_at ON audit_log (at DESC);
