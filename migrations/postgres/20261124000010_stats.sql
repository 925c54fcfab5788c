-- Stats (postgres; see the other twin). Events are counted in memory and added
-- to stats_events (one row per account per UTC day) every few seconds; the
-- rollup job rebuilds the day, week (Monday-based) and month rows of
-- stats_periods per domain and per company from those events, plus gauges
-- (accounts by type and service, storage) read from the live tables.
-- Days are epoch day numbers (day 0 = 1970-01-01, UTC).
CREATE TABLE stats_events (
    user_id        BIGINT NOT NULL,
    day            BIGINT NOT NULL,
    logins_imap4   BIGINT NOT NULL DEFAULT 0,
    logins_pop3    BIGINT NOT NULL DEFAULT 0,
    logins_webmail BIGINT NOT NULL DEFAULT 0,
    in_ham         BIGINT NOT NULL DEFAULT 0,
    in_spam        BIGINT NOT NULL DEFAULT 0,
    in_size        BIGINT NOT NULL DEFAULT 0,
    denied         BIGINT NOT NULL DEFAULT 0,
    forwarded      BIGINT NOT NULL DEFAULT 0,
    autoresponded  BIGINT NOT NULL DEFAULT 0,
    out_msg        BIGINT NOT NULL DEFAULT 0,
    out_rcpt       BIGINT NOT NULL DEFAULT 0,
    out_size       BIGINT NOT NULL DEFAULT 0,
    last_imap4     BIGINT,                       -- epoch seconds of the day's last login
    last_pop3      BIGINT,
    last_webmail   BIGINT,
    PRIMARY KEY (user_id, day)
);
CREATE INDEX stats_events_day ON stats_events(day, user_id);

-- scope: domain | company; period: day | week | month; start_day: the
-- period's first day. Flows (logins_* .. out_size) are sums over the period;
-- gauges (users_* .. deleted_size) are as of the period's last rolled-up day
-- (gauged = 1 once a rollup has measured them).
CREATE TABLE stats_periods (
    scope          TEXT NOT NULL,
    object_id      BIGINT NOT NULL,
    period         TEXT NOT NULL,
    start_day      BIGINT NOT NULL,
    logins_imap4   BIGINT NOT NULL DEFAULT 0,
    logins_pop3    BIGINT NOT NULL DEFAULT 0,
    logins_webmail BIGINT NOT NULL DEFAULT 0,
    in_ham         BIGINT NOT NULL DEFAULT 0,
    in_spam        BIGINT NOT NULL DEFAULT 0,
    in_size        BIGINT NOT NULL DEFAULT 0,
    denied         BIGINT NOT NULL DEFAULT 0,
    forwarded      BIGINT NOT NULL DEFAULT 0,
    autoresponded  BIGINT NOT NULL DEFAULT 0,
    out_msg        BIGINT NOT NULL DEFAULT 0,
    out_rcpt       BIGINT NOT NULL DEFAULT 0,
    out_size       BIGINT NOT NULL DEFAULT 0,
    users_mailbox  BIGINT NOT NULL DEFAULT 0,
    users_forward  BIGINT NOT NULL DEFAULT 0,
    users_filter   BIGINT NOT NULL DEFAULT 0,
    users_alias    BIGINT NOT NULL DEFAULT 0,
    users_deleted  BIGINT NOT NULL DEFAULT 0,
    svc_smtprelay  BIGINT NOT NULL DEFAULT 0,
    svc_smtpin     BIGINT NOT NULL DEFAULT 0,
    svc_imap4      BIGINT NOT NULL DEFAULT 0,
    svc_pop3       BIGINT NOT NULL DEFAULT 0,
    svc_webmail    BIGINT NOT NULL DEFAULT 0,
    items_stored   BIGINT NOT NULL DEFAULT 0,
    current_size   BIGINT NOT NULL DEFAULT 0,
    deleted_items  BIGINT NOT NULL DEFAULT 0,
    deleted_size   BIGINT NOT NULL DEFAULT 0,
    gauged         BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (scope, object_id, period, start_day)
);
CREATE INDEX stats_periods_start ON stats_periods(period, start_day);
