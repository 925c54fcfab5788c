-- Companies, domains, workgroups and brands in full (SQLite; see the
-- postgres/ twin). Settable attributes live in a JSON map per object (`attrs`:
-- absent = unset, inherited); columns hold what queries filter, sort or join on.

CREATE TABLE brands (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,             -- as shown
    name_key     TEXT NOT NULL,             -- lower-case
    company_id   INTEGER REFERENCES companies(id), -- NULL: offered to every company
    notes        TEXT,
    company_uses INTEGER NOT NULL DEFAULT 0, -- maintained member counts
    domain_uses  INTEGER NOT NULL DEFAULT 0,
    user_uses    INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    deleted_at   INTEGER
);
CREATE UNIQUE INDEX brands_live_name ON brands(name_key) WHERE deleted_at IS NULL;
CREATE INDEX brands_company ON brands(company_id, name_key);

ALTER TABLE companies ADD COLUMN attrs TEXT NOT NULL DEFAULT '{}';
ALTER TABLE companies ADD COLUMN brand_id INTEGER REFERENCES brands(id);

ALTER TABLE domains ADD COLUMN attrs TEXT NOT NULL DEFAULT '{}';
ALTER TABLE domains ADD COLUMN brand_id INTEGER REFERENCES brands(id);
-- An alias domain is a row pointing at its target; it holds nothing itself.
ALTER TABLE domains ADD COLUMN alias_of INTEGER REFERENCES domains(id);
ALTER TABLE domains ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE domains ADD COLUMN catchall TEXT;
-- Live accounts by type (user_count is their total) and soft-deleted ones.
ALTER TABLE domains ADD COLUMN users_mailbox INTEGER NOT NULL DEFAULT 0;
ALTER TABLE domains ADD COLUMN users_forward INTEGER NOT NULL DEFAULT 0;
ALTER TABLE domains ADD COLUMN users_filter INTEGER NOT NULL DEFAULT 0;
ALTER TABLE domains ADD COLUMN users_alias INTEGER NOT NULL DEFAULT 0;
ALTER TABLE domains ADD COLUMN users_deleted INTEGER NOT NULL DEFAULT 0;

ALTER TABLE workgroups ADD COLUMN users_mailbox INTEGER NOT NULL DEFAULT 0;
ALTER TABLE workgroups ADD COLUMN users_forward INTEGER NOT NULL DEFAULT 0;
ALTER TABLE workgroups ADD COLUMN users_filter INTEGER NOT NULL DEFAULT 0;
ALTER TABLE workgroups ADD COLUMN users_deleted INTEGER NOT NULL DEFAULT 0;

ALTER TABLE users ADD COLUMN brand_id INTEGER REFERENCES brands(id);

-- search_domains: one index per sort key over a company's live domains, so a
-- page is an index range scan at any company size.
CREATE INDEX domains_live_by_users ON domains(company_id, user_count, name) WHERE deleted_at IS NULL;
CREATE INDEX domains_live_by_mailbox ON domains(company_id, users_mailbox, name) WHERE deleted_at IS NULL;
CREATE INDEX domains_live_by_forward ON domains(company_id, users_forward, name) WHERE deleted_at IS NULL;
CREATE INDEX domains_live_by_filter ON domains(company_id, users_filter, name) WHERE deleted_at IS NULL;
CREATE INDEX domains_live_by_alias ON domains(company_id, users_alias, name) WHERE deleted_at IS NULL;
CREATE INDEX domains_live_by_deleted ON domains(company_id, users_deleted, name) WHERE deleted_at IS NULL;
CREATE INDEX domains_live_by_type ON domains(company_id, alias_of, name) WHERE deleted_at IS NULL;
CREATE INDEX domains_dead_by_time ON domains(company_id, deleted_at, name) WHERE deleted_at IS NOT NULL;
CREATE INDEX domains_alias_of ON domains(alias_of) WHERE alias_of IS NOT NULL;
CREATE INDEX domains_brand ON domains(brand_id) WHERE brand_id IS NOT NULL;
CREATE INDEX companies_brand ON companies(brand_id) WHERE brand_id IS NOT NULL;
CREATE INDEX users_brand ON users(brand_id) WHERE brand_id IS NOT NULL;
