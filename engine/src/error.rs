//! OMA error numbers and texts, and the engine's one error type.
//!
//! Texts follow the spec's examples (no trailing period); see spec/NOTES.md.

use std::collections::BTreeMap;

/// An OMA API-level error number (spec table 0-20, plus 23 from the examples).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    Server = 0,
    InvalidCredentials = 1,
    NoSuchObject = 2,
    IsAlias = 3,
    AttributePermission = 4,
    BadRequest = 5,
    BadAttributes = 6,
    NameTaken = 7,
    NoSuchDomain = 8,
    NotPermitted = 9,
    NotEmpty = 10,
    NoSuchCompany = 11,
    NoSuchRole = 12,
    NoSuchUser = 13,
    BrandInUse = 14,
    DomainUsersFull = 15,
    DomainAliasesFull = 16,
    NotIn = 17,
    WorkgroupIsDefault = 18,
    MigrationJobExists = 19,
    TryAgainLater = 20,
    AlreadyExists = 23,
}

impl Code {
    pub fn number(self) -> i64 {
        self as i64
    }

    pub fn text(self) -> &'static str {
        match self {
            Code::Server => "Server error",
            Code::InvalidCredentials => "Invalid credentials supplied in request",
            Code::NoSuchObject => "The requested object does not exist",
            Code::IsAlias => "This object is an alias",
            Code::AttributePermission => "Requestor lacks permission to change one or more of the requested attributes",
            Code::BadRequest => {
                "Request badly formatted (missing required field, or field is not the correct data type)"
            }
            Code::BadAttributes => "One or more attributes badly formatted",
            Code::NameTaken => "An object with this name already exists",
            Code::NoSuchDomain => "Domain does not exist",
            Code::NotPermitted => "Requestor does not own this object or lacks permission to perform this action",
            Code::NotEmpty => "The requested object is not empty",
            Code::NoSuchCompany => "Company does not exist",
            Code::NoSuchRole => "Role does not exist",
            Code::NoSuchUser => "User does not exist",
            Code::BrandInUse => "Brand in use",
            Code::DomainUsersFull => "Domain users full",
            Code::DomainAliasesFull => "Domain aliases full",
            Code::NotIn => "Not in",
            Code::WorkgroupIsDefault => "Workgroup is default",
            Code::MigrationJobExists => "Migration Job Exists",
            Code::TryAgainLater => "Try again later",
            Code::AlreadyExists => "Object already exists",
        }
    }
}

/// Attribute name -> reason, sent as `hints` beside error 4 or 6.
pub type Hints = BTreeMap<String, String>;

/// Every failure the engine reports. `Api` errors are the caller's (HTTP 200 on the
/// wire); `Internal` ones are ours (HTTP 500, error 0, details only in the log).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}", .code.text())]
    Api {
        code: Code,
        hints: Option<Hints>,
        /// More fields for the envelope (get_domain's "you could create it").
        extra: Option<Box<serde_json::Map<String, serde_json::Value>>>,
    },
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    pub fn code(&self) -> Code {
        match self {
            Error::Api { code, .. } => *code,
            Error::Internal(_) => Code::Server,
        }
    }

    pub fn hints(&self) -> Option<&Hints> {
        match self {
            Error::Api { hints, .. } => hints.as_ref(),
            Error::Internal(_) => None,
        }
    }

    pub fn with_hints(code: Code, hints: Hints) -> Error {
        Error::Api { code, hints: Some(hints), extra: None }
    }

    pub fn with_extra(code: Code, extra: serde_json::Map<String, serde_json::Value>) -> Error {
        Error::Api { code, hints: None, extra: Some(Box::new(extra)) }
    }

    /// Fields the envelope carries beside the error (get_domain's creation form).
    pub fn extra(&self) -> Option<&serde_json::Map<String, serde_json::Value>> {
        match self {
            Error::Api { extra, .. } => extra.as_deref(),
            Error::Internal(_) => None,
        }
    }

    /// One attribute at fault.
    pub fn hint(code: Code, attribute: &str, reason: impl Into<String>) -> Error {
        let mut hints = Hints::new();
        hints.insert(attribute.to_string(), reason.into());
        Error::with_hints(code, hints)
    }
}

impl From<Code> for Error {
    fn from(code: Code) -> Error {
        Error::Api { code, hints: None, extra: None }
    }
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Error {
        // Two concurrent creates of one name: the loser hits a unique index
        // after both checked the name was free.
        if e.as_database_error().is_some_and(|d| d.is_unique_violation()) {
            return Code::NameTaken.into();
        }
        Error::Internal(format!("database: {e}"))
    }
}

impl From<sqlx::migrate::MigrateError> for Error {
    fn from(e: sqlx::migrate::MigrateError) -> Error {
        Error::Internal(format!("migration: {e}"))
    }
}

impl From<tokio::task::JoinError> for Error {
    fn from(e: tokio::task::JoinError) -> Error {
        Error::Internal(format!("blocking task: {e}"))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Shorthand for `Err(code.into())`.
pub fn fail<T>(code: Code) -> Result<T> {
    Err(code.into())
}
