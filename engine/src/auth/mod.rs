//! Authentication methods (authenticate, echo) and the token methods
//! (generate_token, logout_user).

pub mod authenticate;
pub mod echo;
pub mod generate_token;
pub mod logout_user;
pub mod portal;

use crate::db::Tx;
use crate::error::Result;
use crate::identity::TokenKind;
use crate::Engine;

/// A token to store for an account.
pub struct NewToken<'a> {
    pub user_id: i64,
    pub kind: TokenKind,
    /// Session/sso token also valid for the OMA.
    pub oma: bool,
    /// The token's text (random, or the caller's choice).
    pub token: &'a str,
    pub expires_at: i64,
    pub created_by: &'a str,
    pub reason: Option<&'a str>,
}

/// Stores a token (as its keyed MAC). A caller-chosen token the account already
/// has is replaced, so asking twice for "gabbagabba" extends it. The account's
/// expired tokens are swept on the way.
pub async fn store_token(engine: &Engine, tx: &mut Tx, new: NewToken<'_>) -> Result<()> {
    let now = engine.clock().now();
    let mac = engine.token_mac(new.token);
    sqlx::query("DELETE FROM tokens WHERE user_id = $1 AND (token_mac = $2 OR expires_at <= $3)")
        .bind(new.user_id)
        .bind(&mac)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO tokens (token_mac, user_id, kind, oma, created_at, expires_at, created_by, reason) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(mac)
    .bind(new.user_id)
    .bind(new.kind.as_str())
    .bind(i64::from(new.oma))
    .bind(now)
    .bind(new.expires_at)
    .bind(new.created_by)
    .bind(new.reason)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
