//! A bulletin text rendered for one recipient, as it would arrive: the
//! portal's live preview (not an OMA method).

use super::post::test_account;
use super::text::Template;
use super::Scope;
use crate::error::Result;
use crate::{Ctx, Engine};

/// `text` checked (error 6 with a hint) and rendered for `recipient`, an
/// account the caller could send a test to (else error 13).
pub async fn preview(engine: &Engine, ctx: &Ctx, scope: &Scope, text: &str, recipient: &str) -> Result<String> {
    let template = Template::parse(text)?;
    let account = test_account(engine, ctx, scope, recipient).await?;
    let rendered = template.render(&account.recipient(), engine.clock().now(), 0);
    Ok(String::from_utf8_lossy(&rendered).into_owned())
}
