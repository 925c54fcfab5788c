//! `search_brand_members` (Postroom's extension): who uses a brand, paged:
//! companies, domains and users.

use serde::{Deserialize, Serialize};

use super::find_brand;
use crate::authz::{self, Action, Object};
use crate::db::{Arg, Sql};
use crate::error::{fail, Code, Result};
use crate::oma::lenient;
use crate::oma::search::Range;
use crate::{Ctx, Engine};

#[derive(Debug, Deserialize)]
pub struct Request {
    #[serde(deserialize_with = "lenient::string")]
    pub brand: String,
    #[serde(default)]
    pub range: Range,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Response {
    pub members: Vec<Member>,
    pub count: i64,
    pub total_count: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, sqlx::FromRow)]
pub struct Member {
    /// `company`, `domain` or `user`.
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
}

pub async fn search_brand_members(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Response> {
    authz::require(&ctx.caller, Action::Read, &Object::Provider)?;
    let Some(brand) = find_brand(engine.db(), &req.brand).await? else { return fail(Code::NoSuchObject) };
    let mut members = Sql::new(" FROM (SELECT 'company' AS kind, name FROM companies WHERE brand_id = ");
    members
        .arg(Arg::Int(brand.id))
        .push(" UNION ALL SELECT 'domain', name FROM domains WHERE deleted_at IS NULL AND brand_id = ")
        .arg(Arg::Int(brand.id))
        .push(" UNION ALL SELECT 'user', name FROM users WHERE deleted_at IS NULL AND brand_id = ")
        .arg(Arg::Int(brand.id))
        .push(") m");
    // The placeholders live in the FROM clause; there is no WHERE of our own.
    let filter = Sql { text: String::new(), args: members.args.clone() };
    let (members, total_count) = filter
        .page::<Member>(engine.db(), "kind, name", &members.text, "kind ASC, name ASC", req.range.window()?)
        .await?;
    Ok(Response { count: members.len() as i64, members, total_count })
}
