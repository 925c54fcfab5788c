//! The users screen of a domain: search_users (live and deleted), change_user
//! to create, delete_user, restore_user, and the bulk actions.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
#[cfg(feature = "ssr")]
use serde_json::{Map, Value};

use super::types::{BulkOutcome, ListQuery, UserPage};
use super::PortalError;

#[server(prefix = "/srv", endpoint = "users")]
pub async fn list_users(query: ListQuery) -> Result<UserPage, PortalError> {
    use engine::authz::{permits, Action, Object};
    use engine::user::search_users::{search_users, Criteria, Request};
    let engine = super::ssr::engine()?;
    let ctx = super::ssr::ctx().await?;
    let domain = query.domain.clone().unwrap_or_default();
    let text = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
    let request = Request {
        criteria: Some(Criteria {
            domain: Some(domain.clone()),
            workgroup: text(&query.workgroup),
            types: text(&query.kind).into_iter().collect(),
            pattern: text(&query.pattern),
            deleted: Some(query.deleted),
            status: text(&query.status).into_iter().collect(),
        }),
        range: super::ssr::range(query.first, query.limit),
        sort: super::ssr::sort(query.sort.clone(), query.descending),
        fields: ["workgroup", "status", "lastlogin", "quota"].map(String::from).to_vec(),
    };
    let found = search_users(&engine, &ctx, request).await?;
    let can_create = match engine::directory::find_domain(engine.db(), &domain).await? {
        Some(d) => permits(
            &ctx.caller,
            Action::Create,
            &Object::User {
                user_id: 0,
                company_id: Some(d.company_id),
                domain_id: Some(d.id),
                workgroup_id: None,
                role: None,
            },
        ),
        None => false,
    };
    let text_of = |m: &Map<String, Value>, k: &str| m.get(k).and_then(Value::as_str).map(String::from);
    Ok(UserPage {
        rows: found
            .users
            .iter()
            .map(|u| super::types::UserRow {
                name: text_of(u, "user").unwrap_or_default(),
                kind: text_of(u, "type").unwrap_or_default(),
                workgroup: text_of(u, "workgroup"),
                status: text_of(u, "status").unwrap_or_default(),
                target: text_of(u, "alias_target").or_else(|| text_of(u, "forward_recipient")),
                forwards: u.get("forward_recipient_count").and_then(Value::as_i64).unwrap_or(0),
                last_login: u.get("lastlogin").and_then(Value::as_i64),
                id: text_of(u, "id"),
                deleted_at: u.get("delete_time").and_then(Value::as_i64),
                quota: u.get("quota").map(super::ssr::quota),
            })
            .collect(),
        first: query.first.max(0),
        total: found.total_count,
        can_create,
    })
}

/// Creates an account: `local` in `domain`, with a name and a first password.
#[server(prefix = "/srv", endpoint = "create_user")]
pub async fn create_user(domain: String, local: String, name: String, password: String) -> Result<(), PortalError> {
    use engine::user::change_user::{change_user, Request};
    let engine = super::ssr::engine()?;
    let mut attributes = Map::new();
    if !name.trim().is_empty() {
        attributes.insert("name".into(), Value::from(name.trim()));
    }
    if !password.is_empty() {
        attributes.insert("password".into(), Value::from(password));
    }
    let user = format!("{}@{}", local.trim(), domain.trim());
    change_user(&engine, &super::ssr::ctx().await?, Request { user, attributes, create_only: Some(true) }).await?;
    Ok(())
}

#[server(prefix = "/srv", endpoint = "delete_user")]
pub async fn delete_user(user: String) -> Result<(), PortalError> {
    use engine::user::delete_user::{delete_user, Request};
    let engine = super::ssr::engine()?;
    delete_user(&engine, &super::ssr::ctx().await?, Request { user }).await?;
    Ok(())
}

#[server(prefix = "/srv", endpoint = "restore_user")]
pub async fn restore_user(user: String, id: String, new_name: String) -> Result<(), PortalError> {
    use engine::user::restore_user::{restore_user, Request};
    let engine = super::ssr::engine()?;
    let new_name = if new_name.trim().is_empty() { user.clone() } else { new_name };
    restore_user(&engine, &super::ssr::ctx().await?, Request { user, id, new_name }).await?;
    Ok(())
}

/// The users table's bulk actions: `suspend`, `enable`, `move` (to
/// `workgroup`), `delete`, `restore` (`users` as "address" or, deleted,
/// "address id"). Each account goes through its OMA method.
#[server(prefix = "/srv", endpoint = "bulk_users", input = Json)]
pub async fn bulk_users(
    action: String,
    users: Vec<String>,
    workgroup: String,
) -> Result<Vec<BulkOutcome>, PortalError> {
    use engine::user::bulk_actions::{apply, BulkAction, Target};
    let engine = super::ssr::engine()?;
    let ctx = super::ssr::ctx().await?;
    let action = match action.as_str() {
        "suspend" => BulkAction::Suspend,
        "enable" => BulkAction::Enable,
        "move" if !workgroup.trim().is_empty() => BulkAction::MoveTo { workgroup: workgroup.trim().to_string() },
        "move" => return Err(PortalError::new("Choose the workgroup to move them to")),
        "delete" => BulkAction::Delete,
        "restore" => BulkAction::Restore,
        _ => return Err(PortalError::new("No such action")),
    };
    let targets: Vec<Target> = users
        .iter()
        .map(|u| match u.split_once(' ') {
            Some((user, id)) => Target { user: user.to_string(), id: Some(id.to_string()) },
            None => Target { user: u.clone(), id: None },
        })
        .collect();
    let results = apply(&engine, &ctx, &action, &targets).await;
    Ok(targets
        .into_iter()
        .zip(results)
        .map(|(t, r)| BulkOutcome { item: t.user, error: r.err().map(|e| engine::user::import_users::describe(&e)) })
        .collect())
}
