-- (SQLite; see the postgres/ twin.)
-- Logins move an account only in the last-login order, and Dovecot logs
-- accounts in all day: they get a version of their own, so that the page
-- marks of every other order (user::page_marks) survive them.
ALTER TABLE user_versions ADD COLUMN login_version INTEGER NOT NULL DEFAULT 0;

DROP TRIGGER user_versions_update;

CREATE TRIGGER user_versions_update AFTER UPDATE OF name, domain_id, workgroup_id, workgroup_name, kind, status,
    target_name, alias_of, created_at, deleted_at ON users BEGIN
    INSERT OR IGNORE INTO user_versions (domain_id, version) SELECT new.domain_id, 0 WHERE new.domain_id IS NOT NULL;
    UPDATE user_versions SET version = version + 1 WHERE domain_id IN (old.domain_id, new.domain_id);
END;

CREATE TRIGGER user_versions_login AFTER UPDATE OF last_login ON users WHEN new.domain_id IS NOT NULL BEGIN
    INSERT OR IGNORE INTO user_versions (domain_id, version) VALUES (new.domain_id, 0);
    UPDATE user_versions SET login_version = login_version + 1 WHERE domain_id = new.domain_id;
END;
