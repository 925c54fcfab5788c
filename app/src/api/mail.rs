//! An account's mail: its folders, the messages of one folder (paged,
//! sorted, with every header), moving messages, the deleted messages that can
//! still be restored, restoring them, and rebuilding the header index.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use super::types::{BulkOutcome, DeletedPage, DeletedQuery, MailPage, MailQuery, MailboxFolders, ReindexJob};
use super::PortalError;

/// The account's folders with counts and sizes, and what the caller may do.
#[server(prefix = "/srv", endpoint = "mail_folders")]
pub async fn mail_folders(user: String) -> Result<MailboxFolders, PortalError> {
    use super::types::MailFolder;
    use engine::mailstore::get_user_folders::{get_user_folders, Request};
    let engine = super::ssr::engine()?;
    let ctx = super::ssr::ctx().await?;
    let got = get_user_folders(&engine, &ctx, Request { user: user.clone() }).await?;
    let folders = got
        .details
        .iter()
        .filter(|f| !f.is_deleted())
        .map(|f| MailFolder { name: f.name.clone(), messages: f.messages, unseen: f.unseen, bytes: f.bytes })
        .collect();
    let (may_change, may_reindex) = ssr::rights(&engine, &ctx, &user).await?;
    Ok(MailboxFolders { folders, deleted_folders: got.deleted_folders, may_change, may_reindex })
}

/// One page of a folder's messages.
#[server(prefix = "/srv", endpoint = "mail_messages")]
pub async fn mail_messages(query: MailQuery) -> Result<MailPage, PortalError> {
    use super::types::MailRow;
    use engine::mailstore::get_user_messages::{get_user_messages, Request};
    let engine = super::ssr::engine()?;
    let request = Request {
        user: query.user,
        folder: query.folder,
        range: Some(super::ssr::range(query.first, query.limit)),
        sort: super::ssr::sort(Some(query.sort.unwrap_or_else(|| "date".into())), query.descending),
        ..Request::default()
    };
    let got = get_user_messages(&engine, &super::ssr::ctx().await?, request).await?;
    let rows = got
        .messages
        .into_iter()
        .map(|m| MailRow {
            headers: ssr::headers(m.headers.get()),
            id: m.id,
            from: m.from,
            subject: m.subject,
            date: m.sent.unwrap_or(m.received),
            received: m.received,
            size: m.size,
            seen: m.seen,
        })
        .collect();
    Ok(MailPage { rows, first: query.first.max(0), total: got.total })
}

/// Moves messages to `folder`; one outcome per id (`item` is the id).
#[server(prefix = "/srv", endpoint = "move_messages", input = Json)]
pub async fn move_messages(user: String, ids: Vec<String>, folder: String) -> Result<Vec<BulkOutcome>, PortalError> {
    use engine::mailstore::move_user_messages::{move_user_messages, Request};
    let engine = super::ssr::engine()?;
    if folder.trim().is_empty() {
        return Err(PortalError::new("Choose the folder to move them to").with_hint("folder", "Choose a folder"));
    }
    let request = Request { user, ids, folder: Some(folder) };
    let got = move_user_messages(&engine, &super::ssr::ctx().await?, request).await?;
    Ok(got.ids.into_iter().map(ssr::outcome).collect())
}

/// The deleted messages that can still be restored, filtered.
#[server(prefix = "/srv", endpoint = "deleted_messages")]
pub async fn deleted_messages(query: DeletedQuery) -> Result<DeletedPage, PortalError> {
    use super::types::DeletedRow;
    use crate::components::time::parse_day;
    use engine::mailstore::get_deleted_messages::{get_deleted_messages, Request};
    use engine::mailstore::get_user_folders::{get_user_folders, Request as FoldersRequest};
    let engine = super::ssr::engine()?;
    let ctx = super::ssr::ctx().await?;
    let day = |text: &Option<String>, field: &str| match text.as_deref() {
        None => Ok(None),
        Some(t) => parse_day(t).map(Some).ok_or_else(|| {
            PortalError::new("Some fields are missing or not valid").with_hint(field, "Not a date (YYYY-MM-DD)")
        }),
    };
    let request = Request {
        user: query.user.clone(),
        folder: query.folder.clone(),
        headers: vec!["date".into()],
        range: Some(super::ssr::range(query.first, query.limit)),
        from: query.from.clone(),
        subject: query.subject.clone(),
        deleted_after: day(&query.after, "after")?,
        // The whole last day.
        deleted_before: day(&query.before, "before")?.map(|d| d + 86_400),
    };
    let got = get_deleted_messages(&engine, &ctx, request).await?;
    let folders = get_user_folders(&engine, &ctx, FoldersRequest { user: query.user.clone() }).await?;
    let (may_change, _) = ssr::rights(&engine, &ctx, &query.user).await?;
    let retention = got.retention;
    Ok(DeletedPage {
        rows: got
            .messages
            .into_iter()
            .map(|d| DeletedRow {
                id: d.message.id,
                folder: d.folder_unicode,
                folder_deleted: d.folder_deleted,
                from: d.message.from,
                subject: d.message.subject,
                date: d.message.sent.unwrap_or(d.message.received),
                size: d.message.size,
                deleted_at: d.message.deleted_at,
                restorable_until: d.restorable_until,
            })
            .collect(),
        first: query.first.max(0),
        total: got.total,
        folders: folders.details.iter().filter(|f| f.is_deleted() && f.messages > 0).map(|f| f.name.clone()).collect(),
        retention_days: retention / 86_400,
        may_change,
    })
}

/// Restores deleted messages into their folders; one outcome per id (`item` is the id).
#[server(prefix = "/srv", endpoint = "restore_messages", input = Json)]
pub async fn restore_messages(user: String, ids: Vec<String>) -> Result<Vec<BulkOutcome>, PortalError> {
    use engine::mailstore::restore_deleted_messages::{restore_deleted_messages, Request};
    let engine = super::ssr::engine()?;
    let got = restore_deleted_messages(&engine, &super::ssr::ctx().await?, Request { user, ids }).await?;
    Ok(got.ids.into_iter().map(ssr::outcome).collect())
}

/// Starts rebuilding the mailbox's header index (no `id`), or tells how the
/// job `id` is doing.
#[server(prefix = "/srv", endpoint = "reindex_mailbox")]
pub async fn reindex_mailbox(user: String, id: Option<String>) -> Result<ReindexJob, PortalError> {
    use engine::mailstore::reindex::{reindex, Request};
    let engine = super::ssr::engine()?;
    let got = reindex(&engine, &super::ssr::ctx().await?, Request { user, folder: None, id }).await?;
    Ok(ReindexJob { id: got.id, status: got.status })
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use engine::{Ctx, Engine};
    use serde_json::{Map, Value};

    use crate::api::types::BulkOutcome;
    use crate::api::PortalError;

    /// Whether the caller may move and restore the account's messages, and
    /// rebuild its index (the engine's rule: company admins and above).
    pub async fn rights(engine: &Engine, ctx: &Ctx, user: &str) -> Result<(bool, bool), PortalError> {
        use engine::authz::{permits, Action, Billing};
        use engine::identity::role::Level;
        let object = engine::directory::find_user(engine.db(), user).await?.map(|u| u.object());
        let change = object.is_some_and(|o| permits(&ctx.caller, Action::Change(Billing::NonBillable), &o));
        let company = ctx.caller.role().is_some_and(|r| matches!(r.level(), Level::Company | Level::Provider));
        Ok((change, change && company))
    }

    /// A message's headers in their order, without the listing's INTERNALDATE.
    pub fn headers(json: &str) -> Vec<(String, Vec<String>)> {
        let all: Map<String, Value> = serde_json::from_str(json).unwrap_or_default();
        all.into_iter()
            .filter(|(name, _)| name != "INTERNALDATE")
            .map(|(name, values)| {
                let values = match values {
                    Value::Array(items) => items.iter().map(crate::components::settings_form::display).collect(),
                    other => vec![crate::components::settings_form::display(&other)],
                };
                (name, values)
            })
            .collect()
    }

    /// One id's result as the page reports it.
    pub fn outcome(r: engine::mailstore::listing::ItemResult) -> BulkOutcome {
        let error = match (r.success, r.error_number) {
            (true, _) => None,
            (false, Some(2)) => Some("No longer there (moved, restored or expired meanwhile)".to_string()),
            (false, _) => Some(r.error.unwrap_or("Not done").to_string()),
        };
        BulkOutcome { item: r.id, error }
    }
}
