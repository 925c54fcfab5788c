-- (SQLite; see the postgres/ twin.)
-- search_users at 1,000,000 accounts in one domain, as search_domains at
-- 100,000 domains: every sort key is a column of users with an index whose
-- entries carry what a page filters on, so that a page is an index-only range
-- scan at any depth, and totals come from maintained counts where they can.

-- What the `target` sort orders by: an alias's account, a forward's first
-- recipient, else ''. Aliases follow their account's renames (trigger below).
ALTER TABLE users ADD COLUMN target_name TEXT NOT NULL DEFAULT '';
UPDATE users SET target_name = COALESCE((SELECT t.name FROM users t WHERE t.id = users.alias_of), forward_first, '');
-- What the `workgroup` sort orders by: the workgroup's name ('' for aliases).
ALTER TABLE users ADD COLUMN workgroup_name TEXT NOT NULL DEFAULT '';
UPDATE users SET workgroup_name = COALESCE((SELECT w.name FROM workgroups w WHERE w.id = users.workgroup_id), '');

CREATE TRIGGER users_alias_targets AFTER UPDATE OF name ON users BEGIN
    UPDATE users SET target_name = new.name WHERE alias_of = new.id;
END;

DROP INDEX users_domain_name; -- users_live_by_name and users_dead serve it
-- The name index also carries the other sort keys: a `match` range is sorted
-- from the index alone.
CREATE INDEX users_live_by_name ON users(domain_id, name, id, kind, status, workgroup_id, deleted_at,
    created_at, last_login, target_name, workgroup_name) WHERE deleted_at IS NULL;
CREATE INDEX users_live_by_id ON users(domain_id, id, name, kind, status, workgroup_id, deleted_at) WHERE deleted_at IS NULL;
CREATE INDEX users_live_by_created ON users(domain_id, created_at, name, id, kind, status, workgroup_id, deleted_at) WHERE deleted_at IS NULL;
CREATE INDEX users_live_by_login ON users(domain_id, last_login, name, id, kind, status, workgroup_id, deleted_at) WHERE deleted_at IS NULL;
CREATE INDEX users_live_by_status ON users(domain_id, status, name, id, kind, workgroup_id, deleted_at) WHERE deleted_at IS NULL;
CREATE INDEX users_live_by_target ON users(domain_id, target_name, name, id, kind, status, workgroup_id, deleted_at) WHERE deleted_at IS NULL;
CREATE INDEX users_live_by_type ON users(domain_id, kind, name, id, status, workgroup_id, deleted_at) WHERE deleted_at IS NULL;
CREATE INDEX users_live_by_workgroup ON users(domain_id, workgroup_name, name, id, kind, status, workgroup_id, deleted_at) WHERE deleted_at IS NULL;
-- A workgroup's accounts (the workgroup criterion, workgroup admins' searches).
CREATE INDEX users_live_in_workgroup ON users(workgroup_id, name, id, kind, status, deleted_at) WHERE deleted_at IS NULL;

-- `match` with a substring (`*abc*`) reads a trigram index of the local parts
-- instead of every name of the domain.
CREATE VIRTUAL TABLE user_locals USING fts5(local, tokenize = 'trigram');
INSERT INTO user_locals(rowid, local) SELECT id, substr(name, 1, instr(name, '@') - 1) FROM users;
CREATE TRIGGER user_locals_insert AFTER INSERT ON users BEGIN
    INSERT INTO user_locals(rowid, local) VALUES (new.id, substr(new.name, 1, instr(new.name, '@') - 1));
END;
CREATE TRIGGER user_locals_rename AFTER UPDATE OF name ON users BEGIN
    UPDATE user_locals SET local = substr(new.name, 1, instr(new.name, '@') - 1) WHERE rowid = new.id;
END;
CREATE TRIGGER user_locals_delete AFTER DELETE ON users BEGIN
    DELETE FROM user_locals WHERE rowid = old.id;
END;
