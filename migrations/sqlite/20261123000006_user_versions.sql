-- (SQLite; see the postgres/ twin.)
-- A version per domain of its accounts, bumped in the transaction of every
-- write that can move an account in or out of a search or along its order:
-- search_users remembers where deep pages start (user::page_marks) and
-- trusts that only while the version is unchanged.
CREATE TABLE user_versions (
    domain_id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL
);

CREATE TRIGGER user_versions_insert AFTER INSERT ON users WHEN new.domain_id IS NOT NULL BEGIN
    INSERT OR IGNORE INTO user_versions (domain_id, version) VALUES (new.domain_id, 0);
    UPDATE user_versions SET version = version + 1 WHERE domain_id = new.domain_id;
END;

CREATE TRIGGER user_versions_delete AFTER DELETE ON users WHEN old.domain_id IS NOT NULL BEGIN
    UPDATE user_versions SET version = version + 1 WHERE domain_id = old.domain_id;
END;

CREATE TRIGGER user_versions_update AFTER UPDATE OF name, domain_id, workgroup_id, workgroup_name, kind, status,
    target_name, last_login, alias_of, created_at, deleted_at ON users BEGIN
    INSERT OR IGNORE INTO user_versions (domain_id, version) SELECT new.domain_id, 0 WHERE new.domain_id IS NOT NULL;
    UPDATE user_versions SET version = version + 1 WHERE domain_id IN (old.domain_id, new.domain_id);
END;
