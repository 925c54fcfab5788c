-- When each sender last got an account's auto-reply (the interval rule).
CREATE TABLE autoreplies (
    user_id INTEGER NOT NULL REFERENCES users(id),
    sender  TEXT NOT NULL,
    sent_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, sender)
);
