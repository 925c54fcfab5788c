-- Stats (sqlite; see the other twin). Events are counted in memory and added
-- to stats_events (one row per account per UTC day) every few seconds; the
-- rollup job rebuilds the day, week (Monday-based) and month rows of
-- stats_periods per domain and per company from those events, plus gauges
-- (accounts by type and service, storage) read from the live tables.
-- Days are epoch day numbers (day 0 = 1970-01-01, UTC).
CREATE TABLE stats_events (
    user_id        INTEGER NOT NULL,
    day            INTEGER NOT NULL,
    logins_imap4   INTEGER NOT NULL DEFAULT 0,
    logins_pop3    INTEGER NOT NULL DEFAULT 0,
    logins_webmail INTEGER NOT NULL DEFAULT 0,
    in_ham         INTEGER NOT NULL DEFAULT 0,
    in_spam        INTEGER NOT NULL DEFAULT 0,
    in_size        INTEGER NOT NULL DEFAULT 0,
    denied         INTEGER NOT NULL DEFAULT 0,
    forwarded      INTEGER NOT NULL DEFAULT 0,
    autoresponded  INTEGER NOT NULL DEFAULT 0,
    out_msg        INTEGER NOT NULL DEFAULT 0,
    out_rcpt       INTEGER NOT NULL DEFAULT 0,
    out_size       INTEGER NOT NULL DEFAULT 0,
    last_imap4     INTEGER,                       -- epoch seconds of the day's last login
    last_pop3      INTEGER,
    last_webmail   INTEGER,
    PRIMARY KEY (user_id, day)
);
CREATE INDEX stats_events_day ON stats_events(day, user_id);

-- scope: domain | company; period: day | week | month; start_day: the
-- period's first day. Flows (logins_* .. out_size) are sums over the period;
-- gauges (users_* .. deleted_size) are as of the period's last rolled-up day
-- (gauged = 1 once a rollup has measured them).
CREATE TABLE stats_periods (
    scope          TEXT NOT NULL,
    object_id      INTEGER NOT NULL,
    period         TEXT NOT NULL,
    start_day      INTEGER NOT NULL,
    logins_imap4   INTEGER NOT NULL DEFAULT 0,
    logins_pop3    INTEGER NOT NULL DEFAULT 0,
    logins_webmail INTEGER NOT NULL DEFAULT 0,
    in_ham         INTEGER NOT NULL DEFAULT 0,
    in_spam        INTEGER NOT NULL DEFAULT 0,
    in_size        INTEGER NOT NULL DEFAULT 0,
    denied         INTEGER NOT NULL DEFAULT 0,
    forwarded      INTEGER NOT NULL DEFAULT 0,
    autoresponded  INTEGER NOT NULL DEFAULT 0,
    out_msg        INTEGER NOT NULL DEFAULT 0,
    out_rcpt       INTEGER NOT NULL DEFAULT 0,
    out_size       INTEGER NOT NULL DEFAULT 0,
    users_mailbox  INTEGER NOT NULL DEFAULT 0,
    users_forward  INTEGER NOT NULL DEFAULT 0,
    users_filter   INTEGER NOT NULL DEFAULT 0,
    users_alias    INTEGER NOT NULL DEFAULT 0,
    users_deleted  INTEGER NOT NULL DEFAULT 0,
    svc_smtprelay  INTEGER NOT NULL DEFAULT 0,
    svc_smtpin     INTEGER NOT NULL DEFAULT 0,
    svc_imap4      INTEGER NOT NULL DEFAULT 0,
    svc_pop3       INTEGER NOT NULL DEFAULT 0,
    svc_webmail    INTEGER NOT NULL DEFAULT 0,
    items_stored   INTEGER NOT NULL DEFAULT 0,
    current_size   INTEGER NOT NULL DEFAULT 0,
    deleted_items  INTEGER NOT NULL DEFAULT 0,
    deleted_size   INTEGER NOT NULL DEFAULT 0,
    gauged         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (scope, object_id, period, start_day)
);
CREATE INDEX stats_periods_start ON stats_periods(period, start_day);
