//! Turning request credentials (`user` + `password` or token) into a [`Caller`].

use std::sync::Arc;

use serde_json::Value;

use super::password;
use super::{Caller, Grant, Home, Role, TokenKind};
use crate::error::{fail, Code, Result};
use crate::Engine;

#[derive(Clone)]
pub enum Secret {
    Password(String),
    Token(String),
}

#[derive(Clone)]
pub struct Credentials {
    pub user: String,
    pub secret: Secret,
    /// Free-form client id, recorded as the change log's `application`.
    pub client: Option<String>,
}

// Never print a secret, not even in a debug log.
impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.secret {
            Secret::Password(_) => "password",
            Secret::Token(_) => "token",
        };
        f.debug_struct("Credentials")
            .field("user", &self.user)
            .field("secret", &kind)
            .field("client", &self.client)
            .finish()
    }
}

impl Credentials {
    /// Reads the `credentials` object of a request. The spec names the token key
    /// both `token` and `session_token`; both are accepted.
    pub fn from_request(body: &serde_json::Map<String, Value>) -> Result<Credentials> {
        let Some(Value::Object(c)) = body.get("credentials") else {
            return fail(Code::BadRequest);
        };
        let text = |key: &str| -> Result<Option<String>> {
            match c.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(Value::Number(n)) => Ok(Some(n.to_string())),
                Some(_) => fail(Code::BadRequest),
            }
        };
        let Some(user) = text("user")? else {
            return fail(Code::BadRequest);
        };
        let secret = match (text("password")?, text("token")?, text("session_token")?) {
            (Some(p), _, _) => Secret::Password(p),
            (None, Some(t), _) | (None, None, Some(t)) => Secret::Token(t),
            (None, None, None) => return fail(Code::BadRequest),
        };
        Ok(Credentials { user, secret, client: text("client")? })
    }
}

/// Account columns every caller lookup reads.
pub(crate) const ACCOUNT_COLUMNS: &str = "u.id, u.name, u.password, u.role, u.role_company_id, \
     u.role_domain_id, u.role_workgroup_id, u.domain_id, d.company_id, u.workgroup_id, \
     d.disabled AS domain_disabled";

#[derive(sqlx::FromRow)]
pub(crate) struct AccountRow {
    pub id: i64,
    pub name: String,
    pub password: Option<String>,
    pub role: Option<String>,
    pub role_company_id: Option<i64>,
    pub role_domain_id: Option<i64>,
    pub role_workgroup_id: Option<i64>,
    pub domain_id: Option<i64>,
    pub company_id: Option<i64>,
    pub workgroup_id: Option<i64>,
    pub domain_disabled: Option<i64>,
}

impl AccountRow {
    /// A plain mailbox of a disabled domain: "mailboxes in the domain will
    /// not function" (spec), so it cannot sign in. Admins whose account lives
    /// there keep their role.
    pub fn shut_out(&self) -> bool {
        self.domain_disabled.unwrap_or(0) != 0 && self.role.is_none()
    }

    pub fn into_caller(self, with_grant: bool) -> Caller {
        let grant = if with_grant {
            self.role.as_deref().and_then(Role::parse).map(|role| Grant {
                role,
                company_id: self.role_company_id,
                domain_id: self.role_domain_id,
                workgroup_id: self.role_workgroup_id,
            })
        } else {
            None
        };
        Caller {
            user_id: self.id,
            name: self.name,
            grant,
            home: Home { company_id: self.company_id, domain_id: self.domain_id, workgroup_id: self.workgroup_id },
        }
    }
}

#[derive(sqlx::FromRow)]
struct TokenRow {
    token_id: i64,
    kind: String,
    oma: i64,
    expires_at: i64,
    #[sqlx(flatten)]
    account: AccountRow,
}

/// What the credentials are checked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// An OMA call: tokens must carry OMA power.
    Oma,
    /// A portal login: any token of the user's; one without OMA power logs in
    /// for self-service only.
    Portal,
}

impl Engine {
    /// Verifies credentials. Unknown user, wrong password, expired, used or
    /// foreign token all give the same answer (error 1) in about the same time.
    pub async fn authenticate_credentials(&self, creds: &Credentials, purpose: Purpose) -> Result<Arc<Caller>> {
        let user = creds.user.trim().to_lowercase();
        match &creds.secret {
            Secret::Password(pw) => self.verify_password_login(&user, pw).await,
            Secret::Token(token) => self.verify_token_login(&user, token, purpose).await,
        }
    }

    async fn verify_password_login(&self, user: &str, pw: &str) -> Result<Arc<Caller>> {
        if user.is_empty() || pw.is_empty() {
            return fail(Code::InvalidCredentials);
        }
        let key = self.keys.mac("login-password", &[user.as_bytes(), pw.as_bytes()]);
        let now = self.clock.now_ms();
        if let Some(caller) = self.credentials.get(&key, now) {
            return Ok(caller);
        }
        let generation = self.credentials.generation();
        let row: Option<AccountRow> = sqlx::query_as(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM users u LEFT JOIN domains d ON d.id = u.domain_id \
             WHERE u.name = $1 AND u.deleted_at IS NULL"
        ))
        .bind(user)
        .fetch_optional(self.db.pool())
        .await?;
        // An unknown user still pays a hash, so that timing does not tell which
        // names exist.
        let stored = match row.as_ref().and_then(|r| r.password.clone()) {
            Some(stored) => stored,
            None => self.dummy_hash().await?,
        };
        let ok = self.verify_password(pw, &stored).await? && row.is_some();
        let Some(row) = row.filter(|r| ok && !r.shut_out()) else {
            return fail(Code::InvalidCredentials);
        };
        let caller = Arc::new(row.into_caller(true));
        self.credentials.insert(key, caller.clone(), generation, now, i64::MAX);
        Ok(caller)
    }

    async fn verify_token_login(&self, user: &str, token: &str, purpose: Purpose) -> Result<Arc<Caller>> {
        if user.is_empty() || token.is_empty() || token.len() > 256 {
            return fail(Code::InvalidCredentials);
        }
        let key = self.keys.mac("login-token", &[&[purpose as u8], user.as_bytes(), token.as_bytes()]);
        let now = self.clock.now_ms();
        if let Some(caller) = self.credentials.get(&key, now) {
            return Ok(caller);
        }
        let generation = self.credentials.generation();
        let row: Option<TokenRow> = sqlx::query_as(&format!(
            "SELECT t.id AS token_id, t.kind, t.oma, t.expires_at, {ACCOUNT_COLUMNS} \
             FROM tokens t JOIN users u ON u.id = t.user_id LEFT JOIN domains d ON d.id = u.domain_id \
             WHERE t.token_mac = $1 AND u.name = $2 AND u.deleted_at IS NULL"
        ))
        .bind(self.token_mac(token))
        .bind(user)
        .fetch_optional(self.db.pool())
        .await?;
        let Some(row) = row.filter(|r| !r.account.shut_out()) else {
            return fail(Code::InvalidCredentials);
        };
        let Some(kind) = TokenKind::parse(&row.kind) else {
            return fail(Code::InvalidCredentials);
        };
        if row.expires_at * 1000 <= now {
            return fail(Code::InvalidCredentials);
        }
        let oma_power = kind.valid_for_oma(row.oma != 0);
        let with_grant = match purpose {
            Purpose::Oma if !oma_power => return fail(Code::InvalidCredentials),
            Purpose::Oma => true,
            Purpose::Portal => oma_power,
        };
        if kind == TokenKind::Sso {
            // Single use: whoever deletes the row first is the one login it allows.
            let used =
                sqlx::query("DELETE FROM tokens WHERE id = $1").bind(row.token_id).execute(self.db.pool()).await?;
            if used.rows_affected() != 1 {
                return fail(Code::InvalidCredentials);
            }
            return Ok(Arc::new(row.account.into_caller(with_grant)));
        }
        let caller = Arc::new(row.account.into_caller(with_grant));
        self.credentials.insert(key, caller.clone(), generation, now, row.expires_at * 1000);
        Ok(caller)
    }

    /// The stored form of a token.
    pub(crate) fn token_mac(&self, token: &str) -> String {
        self.keys.mac_hex("token", &[token.as_bytes()])
    }

    /// Verifies a password against a stored hash on a blocking thread, at most
    /// a few at a time so that a flood of logins cannot starve other work.
    pub async fn verify_password(&self, plain: &str, stored: &str) -> Result<bool> {
        let _permit = self.hashing.acquire().await.map_err(|e| crate::Error::Internal(e.to_string()))?;
        let (plain, stored) = (plain.to_string(), stored.to_string());
        Ok(tokio::task::spawn_blocking(move || password::verify(&plain, &stored)).await?)
    }

    /// Hashes a plain password with `encoding`, like [`Engine::verify_password`].
    pub async fn hash_password(&self, plain: &str, encoding: password::Encoding) -> Result<String> {
        let _permit = self.hashing.acquire().await.map_err(|e| crate::Error::Internal(e.to_string()))?;
        let plain = plain.to_string();
        Ok(tokio::task::spawn_blocking(move || password::hash(&plain, encoding)).await?)
    }
}

impl Engine {
    /// A hash, in the default encoding, of a random string nobody knows: what
    /// unknown users are checked against. Made once, on first need.
    async fn dummy_hash(&self) -> Result<String> {
        let hash = self
            .dummy_hash
            .get_or_try_init(|| async {
                self.hash_password(&super::token::generate(), password::Encoding::DEFAULT).await
            })
            .await?;
        Ok(hash.clone())
    }
}
