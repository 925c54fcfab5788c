//! The mail tab: the account's folders with counts and sizes, the messages of
//! one folder (paged, sorted, each with its headers behind its subject), and
//! moving selected messages; for company admins, rebuilding the header index
//! with the job's progress. The view's state (folder, sort, page) is in the
//! URL, so that it can be linked and read without JavaScript.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::params::ParamsMap;

use crate::api::mail::{mail_folders, mail_messages, move_messages, reindex_mailbox};
use crate::api::types::{BulkOutcome, MailPage, MailQuery, MailRow, MailboxFolders, ReindexJob};
use crate::api::PortalError;
use crate::components::actions::{forget_on, successes, while_active};
use crate::components::bulk::BulkReport;
use crate::components::errors::ErrorNote;
use crate::components::layout::urlencode;
use crate::components::listing::SortLinkHeader;
use crate::components::pager::Pager;
use crate::components::selection::{chosen, SelectAllCell, SelectCell, Selection, SelectionBar};
use crate::components::size::size;
use crate::components::time::date;

/// Messages on a page unless the URL says otherwise.
pub const PAGE: i64 = 50;
const SORTS: [&str; 4] = ["date", "from", "subject", "size"];
const INBOX: &str = "INBOX";

/// The mail view of the current URL (`user`'s page with `tab=mail`; `param`
/// reads its query).
pub fn mail_query(param: impl Fn(&str) -> Option<String>, user: String) -> MailQuery {
    let text = |k: &str| param(k).filter(|v| !v.trim().is_empty());
    let sort = text("sort").filter(|s| SORTS.contains(&s.as_str()) && s != "date");
    MailQuery {
        user,
        folder: text("folder").filter(|f| !f.eq_ignore_ascii_case(INBOX)),
        descending: match param("dir").as_deref() {
            Some("desc") => true,
            Some("asc") => false,
            _ => sort.is_none(),
        },
        sort,
        first: text("first").and_then(|v| v.parse().ok()).unwrap_or(0).max(0),
        limit: text("limit").and_then(|v| v.parse().ok()).unwrap_or(PAGE).clamp(1, 500),
    }
}

/// The URL showing `q`. Dates sort newest first unless asked otherwise,
/// everything else A to Z (smallest first).
pub fn mail_href(q: &MailQuery) -> String {
    let mut url = format!("{}?tab=mail", account_path(&q.user));
    let mut add = |k: &str, v: &str| url.push_str(&format!("&{k}={}", urlencode(v)));
    if let Some(folder) = &q.folder {
        add("folder", folder);
    }
    if let Some(sort) = &q.sort {
        add("sort", sort);
    }
    if q.descending != q.sort.is_none() {
        add("dir", if q.descending { "desc" } else { "asc" });
    }
    if q.first > 0 {
        add("first", &q.first.to_string());
    }
    if q.limit != PAGE {
        add("limit", &q.limit.to_string());
    }
    url
}

pub fn account_path(user: &str) -> String {
    format!("/users/{}", urlencode(user))
}

/// A folder name as people read it: "Projects / 2024".
pub fn folder_label(name: &str) -> String {
    name.replace('.', " / ")
}

/// Calls a bulk server function with the ids of `items` (id, label) and
/// names its results by the labels.
pub async fn for_items<Fut>(
    items: Vec<(String, String)>,
    call: impl FnOnce(Vec<String>) -> Fut,
) -> Result<Vec<BulkOutcome>, PortalError>
where
    Fut: std::future::Future<Output = Result<Vec<BulkOutcome>, PortalError>>,
{
    let ids = items.iter().map(|(id, _)| id.clone()).collect();
    labelled(call(ids).await, &items)
}

/// Results of a bulk call with ids replaced by what people know the
/// messages by (`items`: id → label).
pub fn labelled(
    result: Result<Vec<BulkOutcome>, PortalError>,
    items: &[(String, String)],
) -> Result<Vec<BulkOutcome>, PortalError> {
    result.map(|outcomes| {
        outcomes
            .into_iter()
            .map(|o| {
                let label = items.iter().find(|(id, _)| *id == o.item).map(|(_, l)| l.clone());
                BulkOutcome { item: label.unwrap_or(o.item), error: o.error }
            })
            .collect()
    })
}

/// What a message is called in reports and labels.
pub fn subject_label(subject: &str) -> String {
    if subject.trim().is_empty() {
        "(no subject)".into()
    } else {
        subject.to_string()
    }
}

type FoldersResource = Resource<Option<Result<MailboxFolders, PortalError>>>;
type MessagesResource = Resource<Option<Result<MailPage, PortalError>>>;
/// ((id, label) of each message, folder) → outcomes by label.
type MoveAction = Action<(Vec<(String, String)>, String), Result<Vec<BulkOutcome>, PortalError>>;
/// None starts a job; Some(id) asks how it is doing.
type ReindexAction = Action<Option<String>, Result<ReindexJob, PortalError>>;

/// The tab's resources and actions, made at the top of the account's page
/// (see pages::company), fetching only while the tab shows.
#[derive(Clone, Copy)]
pub struct MailState {
    query: Memo<MailQuery>,
    folders: FoldersResource,
    messages: MessagesResource,
    moves: MoveAction,
    reindex: ReindexAction,
}

impl MailState {
    pub fn new(user: Memo<String>, params: Memo<ParamsMap>, active: Memo<bool>) -> MailState {
        let query = Memo::new(move |_| {
            let params = params.read();
            mail_query(|k| params.get(k), user.get())
        });
        let moves: MoveAction = Action::new(move |(items, folder): &(Vec<(String, String)>, String)| {
            let (folder, user) = (folder.clone(), user.get_untracked());
            for_items(items.clone(), move |ids| move_messages(user, ids, folder))
        });
        let reindex: ReindexAction =
            Action::new(move |id: &Option<String>| reindex_mailbox(user.get_untracked(), id.clone()));
        let moved = successes(moves);
        let reindexed = poll(reindex);
        let folders =
            while_active(active, move || (user.get(), moved.get(), reindexed.get()), |(u, _, _)| mail_folders(u));
        let messages =
            while_active(active, move || (query.get(), moved.get(), reindexed.get()), |(q, _, _)| mail_messages(q));
        forget_on(query, moves);
        MailState { query, folders, messages, moves, reindex }
    }
}

/// Asks again about a running reindex job until it ends; counts the jobs
/// that completed (what the listings reload on).
fn poll(reindex: ReindexAction) -> RwSignal<u32> {
    let completed = RwSignal::new(0u32);
    let timer = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| match reindex.value().get() {
        Some(Ok(job)) if job.running() => {
            let ask = move || {
                reindex.dispatch(Some(job.id));
            };
            timer.set_value(set_timeout_with_handle(ask, Duration::from_millis(300)).ok());
        }
        Some(Ok(job)) if job.status == "complete" => completed.update(|n| *n += 1),
        _ => {}
    });
    on_cleanup(move || {
        if let Some(handle) = timer.try_get_value().flatten() {
            handle.clear();
        }
    });
    completed
}

#[component]
pub fn MailTab(state: MailState) -> impl IntoView {
    let MailState { query, folders, messages, moves, reindex } = state;
    view! {
        {move || moves.value().get().map(|result| match result {
            Ok(outcomes) => view! { <BulkReport outcomes noun="messages" done="moved"/> }.into_any(),
            Err(error) => view! { <ErrorNote error/> }.into_any(),
        })}
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let q = query.get_untracked();
                let list = messages.await;
                match folders.await {
                    Some(Ok(folders)) => {
                        let may_reindex = folders.may_reindex;
                        view! {
                            <div class="mail">
                                <div class="mail-side">
                                    <FolderList q=q.clone() folders=folders.clone()/>
                                    {may_reindex.then(|| view! { <Reindex reindex/> })}
                                </div>
                                <div class="mail-main">
                                    {match list {
                                        Some(Ok(page)) => view! { <Messages q folders page moves/> }.into_any(),
                                        Some(Err(error)) => view! { <ErrorNote error/> }.into_any(),
                                        None => ().into_any(),
                                    }}
                                </div>
                            </div>
                        }
                        .into_any()
                    }
                    Some(Err(error)) => view! { <ErrorNote error/> }.into_any(),
                    None => ().into_any(),
                }
            })}
        </Transition>
    }
}

/// Every folder with its messages, unread messages and size; the shown one marked.
#[component]
fn FolderList(q: MailQuery, folders: MailboxFolders) -> impl IntoView {
    let current = q.folder.clone().unwrap_or_else(|| INBOX.into());
    let total = |f: fn(&crate::api::types::MailFolder) -> i64| folders.folders.iter().map(f).sum::<i64>();
    let (messages, unseen, bytes) = (total(|f| f.messages), total(|f| f.unseen), total(|f| f.bytes));
    let deleted = folders.deleted_folders.clone();
    let user = q.user.clone();
    view! {
        <table class="grid folders" aria-label="Folders">
            <thead>
                <tr>
                    <th scope="col">"Folder"</th>
                    <th scope="col" class="num">"Messages"</th>
                    <th scope="col" class="num">"Unread"</th>
                    <th scope="col" class="num">"Size"</th>
                </tr>
            </thead>
            <tbody>
                {folders
                    .folders
                    .into_iter()
                    .map(|f| {
                        let here = f.name == current;
                        let folder = (f.name != INBOX).then(|| f.name.clone());
                        // Another folder keeps the sort and page size, from its first page.
                        let href = mail_href(&MailQuery { folder, first: 0, ..q.clone() });
                        let depth = f.name.matches('.').count();
                        view! {
                            <tr class:current=here>
                                <th scope="row" style=format!("padding-left: {}rem", 0.8 + depth as f64)>
                                    <a href=href aria-current=here.then_some("page")>{folder_label(&f.name)}</a>
                                </th>
                                <td class="num">{f.messages}</td>
                                <td class="num">{f.unseen}</td>
                                <td class="num">{size(f.bytes)}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
            <tfoot>
                <tr>
                    <th scope="row">"All folders"</th>
                    <td class="num">{messages}</td>
                    <td class="num">{unseen}</td>
                    <td class="num">{size(bytes)}</td>
                </tr>
            </tfoot>
        </table>
        {(!deleted.is_empty()).then(|| view! {
            <p class="hint">
                {format!("Deleted folders with restorable messages: {}. ", deleted.iter().map(|d| folder_label(d)).collect::<Vec<_>>().join(", "))}
                <a href=format!("{}?tab=deleted", account_path(&user))>"See deleted mail"</a>
            </p>
        })}
    }
}

/// One page of the folder's messages, newest first unless sorted otherwise.
#[component]
fn Messages(q: MailQuery, folders: MailboxFolders, page: MailPage, moves: MoveAction) -> impl IntoView {
    let current = q.folder.clone().unwrap_or_else(|| INBOX.into());
    let shown = page.rows.len();
    let may_change = folders.may_change;
    let selected: Selection = RwSignal::new(Default::default());
    let labels: Vec<(String, String)> = page.rows.iter().map(|m| (m.id.clone(), subject_label(&m.subject))).collect();
    let keys: Vec<String> = labels.iter().map(|(id, _)| id.clone()).collect();
    let targets: Vec<String> = folders.folders.iter().map(|f| f.name.clone()).filter(|n| *n != current).collect();
    let header = |key: &'static str, label: &'static str| {
        let active = q.sort.as_deref().unwrap_or("date") == key;
        // The next click turns an active column around; a new one starts at its usual end.
        let descending = if active { !q.descending } else { key == "date" };
        let sort = (key != "date").then(|| key.to_string());
        let href = mail_href(&MailQuery { sort, descending, first: 0, ..q.clone() });
        view! { <SortLinkHeader label active descending=q.descending href/> }
    };
    let pager_q = q.clone();
    let title = folder_label(&current);
    view! {
        <h2>{title.clone()}</h2>
        {(may_change && shown > 0).then(|| view! { <MoveBar selected labels targets moves/> })}
        <table class="grid messages" aria-label=format!("Messages in {title}")>
            <thead>
                <tr>
                    {may_change.then(|| view! { <SelectAllCell keys selected/> })}
                    {header("date", "Date")}
                    {header("from", "From")}
                    {header("subject", "Subject")}
                    {header("size", "Size")}
                </tr>
            </thead>
            // One body per message: its row, and the row of its headers that
            // opening the subject shows (CSS; no JavaScript needed).
            {page
                .rows
                .into_iter()
                .map(|m| {
                    let label = subject_label(&m.subject);
                    view! {
                        <tbody class="message">
                            <tr class:unseen=!m.seen>
                                {may_change.then(|| view! { <SelectCell key=m.id.clone() label=format!("Select {label}") selected/> })}
                                <td class="nowrap">{date(m.date)}</td>
                                <td>{m.from.clone()}</td>
                                <td>
                                    <details>
                                        <summary>{label.clone()}</summary>
                                    </details>
                                </td>
                                <td class="num nowrap">{size(m.size)}</td>
                            </tr>
                            <tr class="headers">
                                <td colspan=if may_change { 5 } else { 4 }><MessageHeaders message=m label/></td>
                            </tr>
                        </tbody>
                    }
                })
                .collect_view()}
        </table>
        {(shown == 0).then(|| view! {
            <p class="empty">
                {if page.total == 0 { "This folder is empty." } else { "No messages on this page." }}
            </p>
        })}
        <Pager first=page.first limit=q.limit total=page.total shown href_for=move |first| mail_href(&MailQuery { first, ..pager_q.clone() })/>
    }
}

/// Every header of a message with its values, in the message's order.
#[component]
fn MessageHeaders(message: MailRow, label: String) -> impl IntoView {
    let arrived = format!("Arrived {}{}", date(message.received), if message.seen { "" } else { " · unread" });
    view! {
        <p class="hint">{arrived}</p>
        <table class="headers" aria-label=format!("Headers of {label}")>
            <tbody>
                {message
                    .headers
                    .into_iter()
                    .flat_map(|(name, values)| values.into_iter().map(move |v| (name.clone(), v)))
                    .map(|(name, value)| view! { <tr><th scope="row">{name}</th><td>{value}</td></tr> })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// Moving the selected messages to another folder.
#[component]
fn MoveBar(
    selected: Selection,
    labels: Vec<(String, String)>,
    targets: Vec<String>,
    moves: MoveAction,
) -> impl IntoView {
    let target = RwSignal::new(targets.first().cloned().unwrap_or_default());
    let none = move || selected.read().is_empty() || moves.pending().get() || target.read().is_empty();
    let run = move |_| {
        moves.dispatch((chosen(&labels, selected), target.get_untracked()));
    };
    view! {
        <SelectionBar selected label="Selected messages">
            <label>
                "Move to"
                <select prop:value=move || target.get() on:change=move |ev| target.set(event_target_value(&ev))>
                    {targets
                        .into_iter()
                        .map(|t| view! { <option value=t.clone()>{folder_label(&t)}</option> })
                        .collect_view()}
                </select>
            </label>
            <button type="button" disabled=none on:click=run>"Move"</button>
        </SelectionBar>
    }
}

/// Rebuilding the header index, with the job's status as it goes.
#[component]
fn Reindex(reindex: ReindexAction) -> impl IntoView {
    let job = move || reindex.value().get();
    let running = move || reindex.pending().get() || matches!(job(), Some(Ok(j)) if j.running());
    let status = move || match job() {
        Some(Ok(j)) => Some(match j.status.as_str() {
            "pending" => "Waiting to start…".to_string(),
            "active" => "Rebuilding…".to_string(),
            "complete" => "Index rebuilt.".to_string(),
            other => format!("Failed: {}", other.strip_prefix("error:").unwrap_or(other)),
        }),
        _ => None,
    };
    view! {
        <section class="panel" aria-labelledby="reindex-title">
            <h2 id="reindex-title">"Header index"</h2>
            <p class="hint">
                "Listings read an index of the messages' headers that follows the mailbox as mail arrives and moves. "
                "Rebuild it if a listing does not match what a mail program shows."
            </p>
            <button type="button" class="secondary" disabled=running on:click=move |_| { reindex.dispatch(None); }>
                "Rebuild index"
            </button>
            <p role="status" data-testid="reindex-status" data-status=move || job().and_then(Result::ok).map(|j| j.status)>
                {status}
            </p>
            {move || job().and_then(Result::err).map(|error| view! { <ErrorNote error/> })}
        </section>
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// The query of a URL with these parameters.
    fn params<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| pairs.iter().find(|(name, _)| *name == k).map(|(_, v)| v.to_string())
    }

    /// The query of a URL this page made, decoded.
    pub fn url_params(url: &str) -> impl Fn(&str) -> Option<String> + '_ {
        move |k| {
            let query = url.split_once('?').map_or("", |(_, q)| q);
            let raw = query.split('&').find_map(|kv| kv.strip_prefix(k)?.strip_prefix('='))?;
            let mut bytes = Vec::new();
            let mut rest = raw.as_bytes();
            while let Some((&b, tail)) = rest.split_first() {
                match (b, tail.get(..2).and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok())) {
                    (b'%', Some(decoded)) => {
                        bytes.push(decoded);
                        rest = &tail[2..];
                    }
                    _ => {
                        bytes.push(b);
                        rest = tail;
                    }
                }
            }
            String::from_utf8(bytes).ok()
        }
    }

    #[test]
    fn the_view_round_trips_through_the_url() {
        let q = mail_query(params(&[]), "joe@example.com".into());
        assert_eq!(q.folder, None);
        assert_eq!((q.sort.as_deref(), q.descending, q.first, q.limit), (None, true, 0, PAGE));
        assert_eq!(mail_href(&q), "/users/joe%40example.com?tab=mail");
        let q = mail_query(
            params(&[("folder", "plus ça change"), ("sort", "subject"), ("first", "50"), ("limit", "10")]),
            "joe@example.com".into(),
        );
        assert_eq!((q.sort.as_deref(), q.descending), (Some("subject"), false));
        let url = mail_href(&q);
        assert_eq!(
            url,
            "/users/joe%40example.com?tab=mail&folder=plus%20%C3%A7a%20change&sort=subject&first=50&limit=10"
        );
        assert_eq!(mail_query(url_params(&url), q.user.clone()), q);
        // Oldest first is said; newest first is not.
        let asc = MailQuery { descending: false, ..mail_query(params(&[]), "a@b.c".into()) };
        assert_eq!(mail_href(&asc), "/users/a%40b.c?tab=mail&dir=asc");
        assert_eq!(mail_query(url_params(&mail_href(&asc)), "a@b.c".into()), asc);
        // Unknown sorts and INBOX by name are the defaults.
        let q = mail_query(params(&[("sort", "nope"), ("folder", "inbox"), ("first", "-5")]), "a@b.c".into());
        assert_eq!((q.sort, q.folder, q.first, q.descending), (None, None, 0, true));
    }

    #[test]
    fn results_are_named_as_people_know_them() {
        let items = vec![("id1".to_string(), "Hello".to_string())];
        let got = labelled(
            Ok(vec![
                BulkOutcome { item: "id1".into(), error: None },
                BulkOutcome { item: "id2".into(), error: Some("gone".into()) },
            ]),
            &items,
        );
        assert_eq!(
            got.map(|o| o.into_iter().map(|o| o.item).collect::<Vec<_>>()),
            Ok(vec!["Hello".into(), "id2".into()])
        );
        assert_eq!(subject_label("  "), "(no subject)");
        assert_eq!(folder_label("Projects.2024"), "Projects / 2024");
    }
}
