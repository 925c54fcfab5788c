//! The spec's enumerations, as `metadata.options` reports them.

pub const LANGUAGES: &[&str] = &["el", "en", "es", "fr", "de", "it", "pt_BR", "nl", "da", "no", "sv"];

pub const SPAM_LEVELS: &[&str] = &["Very High", "High", "Normal"];

pub const FILTER_DELIVERY: &[&str] = &["quarantine", "passthrough"];

/// Account types change_user sets (`alias` rows come from `aliases`).
pub const USER_TYPES: &[&str] = &["mailbox", "forward", "filter"];

pub const SERVICE_STATES: &[&str] = &["enabled", "disabled", "suspended"];

pub const SERVICES: &[&str] = &[
    "service_imap4",
    "service_pop3",
    "service_smtpin",
    "service_smtprelay",
    "service_smtprelay_webmail",
    "service_webmail",
];

/// One list for companies and domains (the spec prints two orders of the same 72).
pub const TIMEZONES: &[&str] = &[
    "Pacific/Wake",
    "Pacific/Niue",
    "Pacific/Honolulu",
    "America/Anchorage",
    "America/Vancouver",
    "America/Edmonton",
    "America/Phoenix",
    "America/Chicago",
    "America/Mexico_City",
    "America/Guatemala",
    "America/Montreal",
    "America/Havana",
    "America/Lima",
    "America/Caracas",
    "America/Halifax",
    "America/Asuncion",
    "America/Santiago",
    "America/Puerto_Rico",
    "America/La_Paz",
    "America/St_Johns",
    "America/Sao_Paulo",
    "America/Montevideo",
    "America/Buenos_Aires",
    "Atlantic/South_Georgia",
    "America/Noronha",
    "Atlantic/Azores",
    "Atlantic/Cape_Verde",
    "Europe/London",
    "Africa/Casablanca",
    "Atlantic/Reykjavik",
    "Europe/Amsterdam",
    "Africa/Algiers",
    "Asia/Beirut",
    "Europe/Helsinki",
    "Europe/Minsk",
    "Europe/Istanbul",
    "Asia/Amman",
    "Asia/Damascus",
    "Asia/Jerusalem",
    "Africa/Cairo",
    "Africa/Johannesburg",
    "Europe/Moscow",
    "Asia/Baghdad",
    "Asia/Tehran",
    "Asia/Baku",
    "Asia/Dubai",
    "Indian/Mauritius",
    "Asia/Kabul",
    "Asia/Karachi",
    "Asia/Colombo",
    "Asia/Calcutta",
    "Asia/Kathmandu",
    "Asia/Dhaka",
    "Asia/Rangoon",
    "Asia/Bangkok",
    "Asia/Phnom_Penh",
    "Asia/Hong_Kong",
    "Australia/Perth",
    "Asia/Tokyo",
    "Australia/Adelaide",
    "Australia/Darwin",
    "Australia/Melbourne",
    "Australia/Brisbane",
    "Australia/Lord_Howe",
    "Pacific/Guadalcanal",
    "Pacific/Norfolk",
    "Pacific/Fiji",
    "Pacific/Auckland",
    "Asia/Anadyr",
    "Pacific/Chatham",
    "Pacific/Tongatapu",
    "Pacific/Kiritimati",
];

pub const CONTACT_TYPES: &[&str] = &["business", "technical", "emergency", "abuse", "billing"];

/// Largest quota (MB) anything may be given.
pub const QUOTA_CEILING: i64 = 1_048_576;

/// The longest retention of deleted messages a company or domain may set (days).
pub const RETENTION_DAYS_MAX: i64 = 365;
