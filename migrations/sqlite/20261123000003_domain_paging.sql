-- (SQLite; see the postgres/ twin.)
-- search_domains at 100,000 domains per company: totals come from maintained
-- counts, and every sort key has an index whose entries carry all that a page
-- query filters on (deleted_at too, or SQLite reads the table to check it)
-- and the id it returns (PostgreSQL indexes hold no usable row id), so a page
-- is an index-only range scan at any depth.

-- Live alias domains per company (domain_count counts the real ones).
ALTER TABLE companies ADD COLUMN alias_count INTEGER NOT NULL DEFAULT 0;
UPDATE companies SET alias_count = (SELECT COUNT(*) FROM domains d
    WHERE d.company_id = companies.id AND d.alias_of IS NOT NULL AND d.deleted_at IS NULL);

-- A NOT NULL flag sorts the same on every backend (NULLs do not) and can sit in an index.
ALTER TABLE domains ADD COLUMN is_alias INTEGER NOT NULL DEFAULT 0;
UPDATE domains SET is_alias = 1 WHERE alias_of IS NOT NULL;

DROP INDEX domains_live_by_users;
DROP INDEX domains_live_by_mailbox;
DROP INDEX domains_live_by_forward;
DROP INDEX domains_live_by_filter;
DROP INDEX domains_live_by_alias;
DROP INDEX domains_live_by_deleted;
DROP INDEX domains_live_by_type;
DROP INDEX domains_company_name; -- domains_live_by_name serves it
-- The name index also carries the counts: a `match` range sorted by a count
-- is sorted from the index alone.
CREATE INDEX domains_live_by_name ON domains(company_id, name, is_alias, deleted_at, user_count,
    users_mailbox, users_forward, users_filter, users_alias, users_deleted, id) WHERE deleted_at IS NULL;
CREATE INDEX domains_live_by_id ON domains(company_id, id, is_alias, deleted_at, name) WHERE deleted_at IS NULL;
CREATE INDEX domains_live_by_type ON domains(company_id, is_alias, name, deleted_at, id) WHERE deleted_at IS NULL;
CREATE INDEX domains_live_by_users ON domains(company_id, user_count, name, is_alias, deleted_at, id) WHERE deleted_at IS NULL;
CREATE INDEX domains_live_by_mailbox ON domains(company_id, users_mailbox, name, is_alias, deleted_at, id) WHERE deleted_at IS NULL;
CREATE INDEX domains_live_by_forward ON domains(company_id, users_forward, name, is_alias, deleted_at, id) WHERE deleted_at IS NULL;
CREATE INDEX domains_live_by_filter ON domains(company_id, users_filter, name, is_alias, deleted_at, id) WHERE deleted_at IS NULL;
CREATE INDEX domains_live_by_alias ON domains(company_id, users_alias, name, is_alias, deleted_at, id) WHERE deleted_at IS NULL;
CREATE INDEX domains_live_by_deleted ON domains(company_id, users_deleted, name, is_alias, deleted_at, id) WHERE deleted_at IS NULL;
