//! Portal sessions: the token behind the portal's HttpOnly cookie.

use std::sync::Arc;

use super::{store_token, NewToken};
use crate::error::{fail, Code, Result};
use crate::identity::credentials::AccountRow;
use crate::identity::{Caller, TokenKind};
use crate::Engine;

/// How long a portal session lasts from sign-in.
pub const SESSION_SECONDS: i64 = 12 * 3600;

impl Engine {
    /// Opens a session for a caller who has just signed in. The session carries
    /// the caller's admin powers only if the sign-in did (`caller.grant`).
    pub async fn open_portal_session(&self, caller: &Caller) -> Result<String> {
        let token = crate::identity::token::generate();
        let mut tx = self.db().begin_write().await?;
        store_token(
            self,
            &mut tx,
            NewToken {
                user_id: caller.user_id,
                kind: TokenKind::Portal,
                oma: caller.grant.is_some(),
                token: &token,
                expires_at: self.clock().now() + SESSION_SECONDS,
                created_by: &caller.name,
                reason: Some("portal sign-in"),
            },
        )
        .await?;
        tx.commit().await?;
        // A portal sign-in is the webmail login of the stats.
        self.record(caller.user_id, crate::stats::Event::Login(crate::stats::Login::Webmail));
        Ok(token)
    }

    /// The caller behind a portal session cookie; error 1 if it is unknown or expired.
    pub async fn portal_caller(&self, token: &str) -> Result<Arc<Caller>> {
        if token.is_empty() || token.len() > 128 {
            return fail(Code::InvalidCredentials);
        }
        let key = self.keys.mac("portal-session", &[token.as_bytes()]);
        let now = self.clock.now_ms();
        if let Some(caller) = self.credentials.get(&key, now) {
            return Ok(caller);
        }
        let generation = self.credentials.generation();
        #[derive(sqlx::FromRow)]
        struct Row {
            oma: i64,
            expires_at: i64,
            #[sqlx(flatten)]
            account: AccountRow,
        }
        let row: Option<Row> = sqlx::query_as(&format!(
            "SELECT t.oma, t.expires_at, {} FROM tokens t JOIN users u ON u.id = t.user_id \
             LEFT JOIN domains d ON d.id = u.domain_id \
             WHERE t.token_mac = $1 AND t.kind = 'portal' AND u.deleted_at IS NULL",
            crate::identity::credentials::ACCOUNT_COLUMNS
        ))
        .bind(self.token_mac(token))
        .fetch_optional(self.db().pool())
        .await?;
        let Some(row) = row.filter(|r| r.expires_at * 1000 > now && !r.account.shut_out()) else {
            return fail(Code::InvalidCredentials);
        };
        let caller = Arc::new(row.account.into_caller(row.oma != 0));
        self.credentials.insert(key, caller.clone(), generation, now, row.expires_at * 1000);
        Ok(caller)
    }

    /// Ends one portal session (sign-out).
    pub async fn close_portal_session(&self, token: &str) -> Result<()> {
        sqlx::query("DELETE FROM tokens WHERE token_mac = $1 AND kind = 'portal'")
            .bind(self.token_mac(token))
            .execute(self.db().pool())
            .await?;
        self.identities_changed();
        Ok(())
    }
}
