-- (PostgreSQL; see the sqlite/ twin.)
CREATE TABLE autoreplies (
    user_id BIGINT NOT NULL REFERENCES users(id),
    sender  TEXT NOT NULL,
    sent_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, sender)
);
