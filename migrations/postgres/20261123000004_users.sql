-- Users in full. Settable attributes live in a JSON map (`attrs`, as for
-- companies and domains); columns hold what lists filter, sort or join on.
ALTER TABLE users ADD COLUMN attrs TEXT NOT NULL DEFAULT '{}';
-- mailbox | forward | filter | alias (an alias row points at its account).
ALTER TABLE users ADD COLUMN kind TEXT NOT NULL DEFAULT 'mailbox';
ALTER TABLE users ADD COLUMN alias_of INTEGER REFERENCES users(id);
-- active | suspended (neither receives nor sends); quota and smtplimit come
-- with the mail store.
ALTER TABLE users ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
-- search_users shows the forward target (one) or how many.
ALTER TABLE users ADD COLUMN forward_first TEXT;
ALTER TABLE users ADD COLUMN forward_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN last_login INTEGER;

CREATE INDEX users_alias_of ON users(alias_of) WHERE alias_of IS NOT NULL;
CREATE INDEX users_dead ON users(domain_id, deleted_at) WHERE deleted_at IS NOT NULL;
