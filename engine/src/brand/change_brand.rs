//! `change_brand` (Postroom's extension, provider only): create a brand, or
//! change who may use it. Attributes: `company` (owner; null = every company)
//! and `notes`.

use serde::Deserialize;
use serde_json::{Map, Value};

use super::find_brand;
use crate::authz::{self, Action, Billing, Object};
use crate::changes::{self, Actor, Change, Kind};
use crate::directory::{find_company, names};
use crate::error::{fail, Code, Error, Hints, Result};
use crate::oma::{lenient, Done};
use crate::{Ctx, Engine};

#[derive(Debug, Deserialize)]
pub struct Request {
    #[serde(deserialize_with = "lenient::string")]
    pub brand: String,
    #[serde(default, deserialize_with = "lenient::opt_object")]
    pub attributes: Map<String, Value>,
}

pub async fn change_brand(engine: &Engine, ctx: &Ctx, req: Request) -> Result<Done> {
    authz::require(&ctx.caller, Action::Change(Billing::Billable), &Object::Provider)?;
    let name = names::company(&req.brand).map_err(|why| Error::hint(Code::BadAttributes, "brand", why))?;
    let mut hints = Hints::new();
    let mut owner: Option<Option<i64>> = None;
    let mut notes: Option<Option<String>> = None;
    for (key, value) in &req.attributes {
        match (key.as_str(), value) {
            ("company", Value::Null) => owner = Some(None),
            ("company", Value::String(c)) => match find_company(engine.db(), c).await? {
                Some(company) => owner = Some(Some(company.id)),
                None => return fail(Code::NoSuchCompany),
            },
            ("notes", Value::Null) => notes = Some(None),
            ("notes", Value::String(n)) if n.chars().count() <= 1024 => notes = Some(Some(n.clone())),
            ("company" | "notes", _) => {
                hints.insert(key.clone(), "Not a valid value".into());
            }
            _ => {
                hints.insert(key.clone(), "Unknown attribute".into());
            }
        }
    }
    if !hints.is_empty() {
        return Err(Error::with_hints(Code::BadAttributes, hints));
    }
    let now = engine.clock().now();
    let actor = Actor::from(ctx);
    let mut tx = engine.db().begin_write().await?;
    let id = match find_brand(engine.db(), &name).await? {
        Some(brand) => {
            if let Some(owner) = owner.filter(|o| *o != brand.company_id) {
                // Narrowing who may use a brand must not strand its users elsewhere.
                if let Some(company) = owner {
                    let (foreign,): (i64,) = sqlx::query_as(
                        "SELECT (SELECT COUNT(*) FROM companies WHERE brand_id = $1 AND id <> $2) \
                         + (SELECT COUNT(*) FROM domains WHERE brand_id = $1 AND company_id <> $2) \
                         + (SELECT COUNT(*) FROM users u JOIN domains d ON d.id = u.domain_id \
                            WHERE u.brand_id = $1 AND d.company_id <> $2)",
                    )
                    .bind(brand.id)
                    .bind(company)
                    .fetch_one(&mut *tx)
                    .await?;
                    if foreign > 0 {
                        return fail(Code::BrandInUse);
                    }
                }
                sqlx::query("UPDATE brands SET company_id = $1 WHERE id = $2")
                    .bind(owner)
                    .bind(brand.id)
                    .execute(&mut *tx)
                    .await?;
            }
            brand.id
        }
        None => {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO brands (name, name_key, company_id, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(&name)
            .bind(name.to_lowercase())
            .bind(owner.flatten())
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            changes::record(&mut tx, &actor, now, Change::new(Kind::Brand, id, format!("created {name}"))).await?;
            id
        }
    };
    if let Some(notes) = notes {
        sqlx::query("UPDATE brands SET notes = $1 WHERE id = $2").bind(notes).bind(id).execute(&mut *tx).await?;
    }
    for key in req.attributes.keys() {
        let value = crate::attributes::change_text(&req.attributes[key]);
        changes::record(&mut tx, &actor, now, Change::new(Kind::Brand, id, format!("changed {key} [{value}]"))).await?;
    }
    tx.commit().await?;
    Ok(Done {})
}
