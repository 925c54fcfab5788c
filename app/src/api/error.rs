//! The one error type of the portal's server functions: an OMA error number
//! when there is one, a message for people, and per-field hints.

use std::collections::BTreeMap;
use std::fmt;

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalError {
    /// OMA error number, if the engine refused.
    pub code: Option<i64>,
    pub message: String,
    /// Field → reason.
    pub hints: BTreeMap<String, String>,
}

impl PortalError {
    pub fn new(message: impl Into<String>) -> PortalError {
        PortalError { code: None, message: message.into(), hints: BTreeMap::new() }
    }

    /// The same error, blaming one field.
    pub fn with_hint(mut self, field: &str, why: &str) -> PortalError {
        self.hints.insert(field.to_string(), why.to_string());
        self
    }

    /// Not signed in (or the session ended).
    pub fn signed_out() -> PortalError {
        PortalError { code: Some(1), message: "Please sign in".into(), hints: BTreeMap::new() }
    }

    pub fn is_signed_out(&self) -> bool {
        self.code == Some(1)
    }
}

impl fmt::Display for PortalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        for (field, why) in &self.hints {
            write!(f, "; {field}: {why}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PortalError {}

impl FromServerFnError for PortalError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        PortalError::new(match value {
            ServerFnErrorErr::Request(_) => "The server could not be reached".to_string(),
            other => format!("The request failed: {other}"),
        })
    }
}

#[cfg(feature = "ssr")]
impl From<engine::Error> for PortalError {
    fn from(e: engine::Error) -> PortalError {
        use engine::Code;
        let code = e.code();
        let message = match code {
            Code::Server => {
                if let engine::Error::Internal(detail) = &e {
                    tracing::error!(target: "portal", detail, "server fault");
                }
                "Something went wrong on the server; it has been logged".to_string()
            }
            Code::InvalidCredentials => "Wrong user name or password".to_string(),
            Code::NotPermitted => "You are not allowed to do that, or it is outside your reach".to_string(),
            Code::NoSuchObject => "No such object".to_string(),
            Code::NoSuchRole => "No such role".to_string(),
            Code::NotIn => "The account is not a member of that object".to_string(),
            Code::BadRequest => "Some fields are missing or not valid".to_string(),
            Code::DomainUsersFull => "The domain has reached its limit of users".to_string(),
            Code::DomainAliasesFull => "The domain has reached its limit of aliases".to_string(),
            Code::AttributePermission => "You may not change some of these settings".to_string(),
            other => other.text().to_string(),
        };
        // The HTTP status says whose fault it was (the server-function client
        // treats any non-2xx answer as this error); 500 only for our faults.
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            use axum::http::StatusCode;
            response.set_status(match code {
                Code::Server => StatusCode::INTERNAL_SERVER_ERROR,
                Code::TryAgainLater => StatusCode::SERVICE_UNAVAILABLE,
                Code::InvalidCredentials => StatusCode::UNAUTHORIZED,
                Code::NotPermitted | Code::AttributePermission => StatusCode::FORBIDDEN,
                Code::NoSuchObject => StatusCode::NOT_FOUND,
                _ => StatusCode::BAD_REQUEST,
            });
        }
        PortalError { code: Some(code.number()), message, hints: e.hints().cloned().unwrap_or_default() }
    }
}
