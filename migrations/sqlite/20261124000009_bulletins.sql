-- Company and domain bulletins: raw RFC 5322 texts with per-recipient
-- variables, `auto` (sent to each new account) or `manual` (sent when posted).
-- A company bulletin has domain_id NULL; a domain bulletin has both ids.
CREATE TABLE bulletins (
    id         INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    domain_id  INTEGER REFERENCES domains(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,             -- auto | manual
    name       TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    changed_at INTEGER NOT NULL,
    -- The last post to everyone (get_company/get_domain metadata).
    sent_count INTEGER NOT NULL DEFAULT 0,
    sent_total INTEGER NOT NULL DEFAULT 0,
    sent_at    INTEGER
);
CREATE UNIQUE INDEX bulletins_of_company ON bulletins(company_id, kind, name) WHERE domain_id IS NULL;
CREATE UNIQUE INDEX bulletins_of_domain ON bulletins(domain_id, kind, name) WHERE domain_id IS NOT NULL;

-- Posts in progress and done. A post walks its recipients in id order and
-- commits `cursor` after each batch; the files of a batch have names derived
-- from (post, recipient), so a batch redone after a crash finds what it
-- already delivered instead of delivering it twice.
CREATE TABLE bulletin_posts (
    id          INTEGER PRIMARY KEY,
    bulletin_id INTEGER NOT NULL REFERENCES bulletins(id) ON DELETE CASCADE,
    user_id     INTEGER,                  -- one recipient (a new account's auto bulletin); NULL: everyone
    body        TEXT NOT NULL,            -- the text as posted
    posted_at   INTEGER NOT NULL,
    last_id     INTEGER NOT NULL,         -- recipients are accounts with ids up to this
    cursor      INTEGER NOT NULL DEFAULT 0,
    done        INTEGER NOT NULL DEFAULT 0,
    runs        INTEGER NOT NULL DEFAULT 0,        -- runs started (after the first, a batch may be half done)
    total       INTEGER NOT NULL,
    finished_at INTEGER
);
CREATE INDEX bulletin_posts_open ON bulletin_posts(id) WHERE finished_at IS NULL;
