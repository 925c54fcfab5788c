//! `get_user_attribute_history`: every value one attribute of an account has
//! had, keyed by the time it was set (epoch seconds as a string), from the
//! change log. Passwords show only when they changed.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::attributes;
use crate::authz::Action;
use crate::directory::resolve_user;
use crate::error::{Code, Error, Result};
use crate::oma::lenient;
use crate::{Ctx, Engine};

#[derive(Debug, Deserialize)]
pub struct Request {
    #[serde(deserialize_with = "lenient::string")]
    pub user: String,
    #[serde(deserialize_with = "lenient::string")]
    pub attribute: String,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct Response {
    pub history: Map<String, Value>,
}

pub async fn get_user_attribute_history(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Response> {
    let user = resolve_user(engine.db(), &ctx.caller, &req.user, Action::Read).await?;
    let Some(spec) = attributes::find(attributes::USER, &req.attribute) else {
        return Err(Error::hint(Code::BadAttributes, "attribute", "Unknown attribute"));
    };
    let rows: Vec<(i64, Option<String>)> = sqlx::query_as(
        "SELECT time, value FROM changes WHERE object_kind = 'user' AND object_id = $1 AND attribute = $2 ORDER BY id",
    )
    .bind(user.id)
    .bind(spec.name)
    .fetch_all(engine.db().pool())
    .await?;
    let history = rows
        .into_iter()
        .map(|(time, value)| {
            let shown =
                if spec.name == "password" { Value::from("*****") } else { value.map_or(Value::Null, Value::String) };
            (time.to_string(), shown)
        })
        .collect();
    Ok(Response { history })
}
