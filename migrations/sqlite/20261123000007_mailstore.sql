-- The mail store's header index and the journal of mailbox directory moves.
-- The directories are the truth; these tables are a cache of them that can be
-- rebuilt at any time (reindex), except mail_moves (see below).

-- One row per folder of an account, live (deleted = 0) or in the lazy_expunge
-- tree (deleted = 1). new_stamp/cur_stamp: mtimes (ns) of new/ and cur/ when
-- the folder was last read; NULL = read it again.
CREATE TABLE mail_folders (
    id        INTEGER PRIMARY KEY,
    user_id   INTEGER NOT NULL REFERENCES users(id),
    name      TEXT NOT NULL,              -- Unicode, '.'-separated; INBOX for the root
    deleted   INTEGER NOT NULL,
    new_stamp INTEGER,
    cur_stamp INTEGER,
    messages  INTEGER NOT NULL DEFAULT 0,
    bytes     INTEGER NOT NULL DEFAULT 0,
    unseen    INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX mail_folders_name ON mail_folders(user_id, deleted, name);

-- One row per message file.
CREATE TABLE mail_messages (
    id         INTEGER PRIMARY KEY,
    folder_id  INTEGER NOT NULL REFERENCES mail_folders(id) ON DELETE CASCADE,
    base       TEXT NOT NULL,             -- file name before ':2,' (stable across flag changes)
    file       TEXT NOT NULL,             -- 'new/<base>' or 'cur/<base>:2,<flags>'
    size       INTEGER NOT NULL,
    received   INTEGER NOT NULL,          -- file mtime: IMAP INTERNALDATE
    changed    INTEGER NOT NULL,          -- inode ctime: in the expunged tree, when it was deleted
    seen       INTEGER NOT NULL,
    sent       INTEGER,                   -- the Date header
    from_text  TEXT NOT NULL,
    subject    TEXT NOT NULL,
    headers    TEXT NOT NULL              -- JSON {name: [values]}
);
CREATE UNIQUE INDEX mail_messages_base ON mail_messages(folder_id, base);
CREATE INDEX mail_messages_received ON mail_messages(folder_id, received, id);
CREATE INDEX mail_messages_from ON mail_messages(folder_id, from_text, id);
CREATE INDEX mail_messages_subject ON mail_messages(folder_id, subject, id);
CREATE INDEX mail_messages_size ON mail_messages(folder_id, size, id);

-- A mailbox directory move (rename, delete, restore of an account; to_path
-- NULL: remove) is written here in the same transaction as the change of the
-- account, carried out after the commit and then deleted. Pending rows are
-- carried out at the next start: the directory always ends where the
-- database says the account is. Paths are relative to the mail root.
CREATE TABLE mail_moves (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL,
    from_path  TEXT NOT NULL,
    to_path    TEXT,
    created_at INTEGER NOT NULL
);
