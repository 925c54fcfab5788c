-- Foundation schema (SQLite). migrations/postgres/ holds the same schema in
-- PostgreSQL's dialect; engine tests compare the two column by column.
-- Integers are 64-bit everywhere; booleans are 0/1 integers; times are epoch seconds.

CREATE TABLE secrets (
    name  TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE companies (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,            -- display name, case kept
    name_key     TEXT NOT NULL UNIQUE,     -- lower-case, what lookups use
    domain_count INTEGER NOT NULL DEFAULT 0,  -- live domains, kept current
    user_count   INTEGER NOT NULL DEFAULT 0,  -- live accounts, kept current
    created_at   INTEGER NOT NULL
);

CREATE TABLE domains (
    id         INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies(id),
    name       TEXT NOT NULL,              -- lower-case
    user_count INTEGER NOT NULL DEFAULT 0, -- live accounts, kept current
    created_at INTEGER NOT NULL,
    deleted_at INTEGER
);
CREATE UNIQUE INDEX domains_live_name ON domains(name) WHERE deleted_at IS NULL;
CREATE INDEX domains_company_name ON domains(company_id, name);

CREATE TABLE workgroups (
    id         INTEGER PRIMARY KEY,
    domain_id  INTEGER NOT NULL REFERENCES domains(id),
    name       TEXT NOT NULL,              -- lower-case
    is_default INTEGER NOT NULL DEFAULT 0,
    user_count INTEGER NOT NULL DEFAULT 0, -- live accounts, kept current
    created_at INTEGER NOT NULL,
    UNIQUE (domain_id, name)
);

-- Every account: mailboxes (domain_id set, name = local@domain) and provider
-- admins (domain_id NULL, name without '@'). One role per account (set_role
-- replaces the previous one); the role's object is kept as ids so that it
-- follows renames.
CREATE TABLE users (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL,
    domain_id         INTEGER REFERENCES domains(id),
    workgroup_id      INTEGER REFERENCES workgroups(id),
    password          TEXT,
    full_name         TEXT,
    role              TEXT,
    role_company_id   INTEGER REFERENCES companies(id),
    role_domain_id    INTEGER REFERENCES domains(id),
    role_workgroup_id INTEGER REFERENCES workgroups(id),
    created_at        INTEGER NOT NULL,
    deleted_at        INTEGER
);
CREATE UNIQUE INDEX users_live_name ON users(name) WHERE deleted_at IS NULL;
CREATE INDEX users_domain_name ON users(domain_id, name);
CREATE INDEX users_role ON users(role, name) WHERE role IS NOT NULL;

-- Tokens are stored as a keyed MAC of their text, never in the clear.
CREATE TABLE tokens (
    id         INTEGER PRIMARY KEY,
    token_mac  TEXT NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    kind       TEXT NOT NULL,              -- oma | session | sso | portal
    oma        INTEGER NOT NULL DEFAULT 0, -- session/sso token also valid for the OMA
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    created_by TEXT,
    reason     TEXT
);
CREATE UNIQUE INDEX tokens_mac_user ON tokens(token_mac, user_id);
CREATE INDEX tokens_user ON tokens(user_id);
CREATE INDEX tokens_expiry ON tokens(expires_at);

-- The change log behind get_*_changes, get_user_attribute_history and the
-- portal's audit views. Written in the same transaction as the change.
CREATE TABLE changes (
    id          INTEGER PRIMARY KEY,
    object_kind TEXT NOT NULL,             -- company | domain | user | admin
    object_id   INTEGER NOT NULL,
    time        INTEGER NOT NULL,
    actor       TEXT NOT NULL,
    application TEXT,
    msg         TEXT NOT NULL,
    attribute   TEXT,
    value       TEXT
);
CREATE INDEX changes_object ON changes(object_kind, object_id, id);
