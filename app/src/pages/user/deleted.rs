//! The deleted-mail tab: messages deleted in a mail program that can still be
//! restored (folder, deleted folders marked, date, sender, subject, size,
//! when deleted and until when restorable), filtered by folder, sender,
//! subject and deletion days (in the URL), restored many at a time with a
//! result per message. The same screen serves admins and the mailbox owner.

use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::params::ParamsMap;

use super::mail::{account_path, folder_label, for_items, subject_label};
use crate::api::mail::{deleted_messages, restore_messages};
use crate::api::types::{BulkOutcome, DeletedPage, DeletedQuery};
use crate::api::PortalError;
use crate::components::actions::{forget_on, successes, while_active};
use crate::components::bulk::BulkReport;
use crate::components::errors::ErrorNote;
use crate::components::layout::urlencode;
use crate::components::pager::Pager;
use crate::components::selection::{chosen, SelectAllCell, SelectCell, Selection, SelectionBar};
use crate::components::size::size;
use crate::components::time::date;

const PAGE: i64 = 50;

/// The deleted-mail view of the current URL (`user`'s page with
/// `tab=deleted`; `param` reads its query).
pub fn deleted_query(param: impl Fn(&str) -> Option<String>, user: String) -> DeletedQuery {
    let text = |k: &str| param(k).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    DeletedQuery {
        user,
        folder: text("folder"),
        from: text("from"),
        subject: text("subject"),
        after: text("after"),
        before: text("before"),
        first: text("first").and_then(|v| v.parse().ok()).unwrap_or(0).max(0),
        limit: text("limit").and_then(|v| v.parse().ok()).unwrap_or(PAGE).clamp(1, 500),
    }
}

/// The URL showing `q`.
pub fn deleted_href(q: &DeletedQuery) -> String {
    let mut url = format!("{}?tab=deleted", account_path(&q.user));
    for (k, v) in
        [("folder", &q.folder), ("from", &q.from), ("subject", &q.subject), ("after", &q.after), ("before", &q.before)]
    {
        if let Some(v) = v {
            url.push_str(&format!("&{k}={}", urlencode(v)));
        }
    }
    if q.first > 0 {
        url.push_str(&format!("&first={}", q.first));
    }
    if q.limit != PAGE {
        url.push_str(&format!("&limit={}", q.limit));
    }
    url
}

type PageResource = Resource<Option<Result<DeletedPage, PortalError>>>;
/// (id, label) of each message → outcomes by label.
type RestoreAction = Action<Vec<(String, String)>, Result<Vec<BulkOutcome>, PortalError>>;

/// The tab's resource and action, made at the top of the account's page.
#[derive(Clone, Copy)]
pub struct DeletedState {
    query: Memo<DeletedQuery>,
    page: PageResource,
    restore: RestoreAction,
}

impl DeletedState {
    pub fn new(user: Memo<String>, params: Memo<ParamsMap>, active: Memo<bool>) -> DeletedState {
        let query = Memo::new(move |_| {
            let params = params.read();
            deleted_query(|k| params.get(k), user.get())
        });
        let restore: RestoreAction = Action::new(move |items: &Vec<(String, String)>| {
            let user = user.get_untracked();
            for_items(items.clone(), move |ids| restore_messages(user, ids))
        });
        let restored = successes(restore);
        let page = while_active(active, move || (query.get(), restored.get()), |(q, _)| deleted_messages(q));
        forget_on(query, restore);
        DeletedState { query, page, restore }
    }
}

#[component]
pub fn DeletedTab(state: DeletedState) -> impl IntoView {
    let DeletedState { query, page, restore } = state;
    view! {
        {move || restore.value().get().map(|result| match result {
            Ok(outcomes) => view! { <BulkReport outcomes noun="messages" done="restored"/> }.into_any(),
            Err(error) => view! { <ErrorNote error/> }.into_any(),
        })}
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let q = query.get_untracked();
                match page.await {
                    Some(Ok(page)) => view! {
                        <p class="hint">
                            {format!(
                                "Messages deleted in a mail program are kept for {} days. Restoring puts a message back \
                                 into its folder, and creates the folder again if it was deleted.",
                                page.retention_days,
                            )}
                        </p>
                        <Filters q=q.clone() folders=page.folders.clone()/>
                        <DeletedTable q page restore/>
                    }
                    .into_any(),
                    Some(Err(error)) => view! { <Filters q folders=Vec::new()/> <ErrorNote error/> }.into_any(),
                    None => ().into_any(),
                }
            })}
        </Transition>
    }
}

/// The filters, a plain GET form (works without JavaScript).
#[component]
fn Filters(q: DeletedQuery, folders: Vec<String>) -> impl IntoView {
    let current = q.folder.clone().unwrap_or_default();
    let cleared = DeletedQuery { user: q.user.clone(), limit: q.limit, ..Default::default() };
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    view! {
        <Form method="GET" action=account_path(&q.user) attr:class="filters" attr:role="search" attr:aria-label="Filter deleted messages">
            <input type="hidden" name="tab" value="deleted"/>
            <label>
                "Folder"
                <select name="folder">
                    <option value="" selected=current.is_empty()>"All folders"</option>
                    {folders
                        .into_iter()
                        .map(|f| {
                            let selected = f == current;
                            view! { <option value=f.clone() selected=selected>{folder_label(&f)}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>"Sender contains" <input type="search" name="from" value=text(&q.from)/></label>
            <label>"Subject contains" <input type="search" name="subject" value=text(&q.subject)/></label>
            <label>"Deleted on or after" <input type="date" name="after" value=text(&q.after)/></label>
            <label>"Deleted on or before" <input type="date" name="before" value=text(&q.before)/></label>
            <button type="submit">"Filter"</button>
            {q.filtered().then(|| view! { <a href=deleted_href(&cleared)>"Clear filters"</a> })}
        </Form>
    }
}

#[component]
fn DeletedTable(q: DeletedQuery, page: DeletedPage, restore: RestoreAction) -> impl IntoView {
    let shown = page.rows.len();
    let may_change = page.may_change;
    let selected: Selection = RwSignal::new(Default::default());
    let labels: Vec<(String, String)> = page.rows.iter().map(|m| (m.id.clone(), subject_label(&m.subject))).collect();
    let keys: Vec<String> = labels.iter().map(|(id, _)| id.clone()).collect();
    let none = move || selected.read().is_empty() || restore.pending().get();
    let run = move |_| {
        restore.dispatch(chosen(&labels, selected));
    };
    let pager_q = q.clone();
    let empty = match (page.total, q.filtered()) {
        (0, false) => Some(format!(
            "Nothing to restore: no messages were deleted from this mailbox in the last {} days.",
            page.retention_days
        )),
        (0, true) => Some("No deleted messages match these filters.".to_string()),
        _ if shown == 0 => Some("No deleted messages on this page.".to_string()),
        _ => None,
    };
    view! {
        {(may_change && shown > 0).then(|| view! {
            <SelectionBar selected label="Selected messages">
                <button type="button" disabled=none on:click=run>"Restore"</button>
            </SelectionBar>
        })}
        {match empty {
            Some(text) => view! { <p class="empty">{text}</p> }.into_any(),
            None => view! {
                <table class="grid messages" aria-label="Deleted messages">
                    <thead>
                        <tr>
                            {may_change.then(|| view! { <SelectAllCell keys selected/> })}
                            <th scope="col">"Folder"</th>
                            <th scope="col">"Date"</th>
                            <th scope="col">"From"</th>
                            <th scope="col">"Subject"</th>
                            <th scope="col" class="num">"Size"</th>
                            <th scope="col">"Deleted"</th>
                            <th scope="col">"Restorable until"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {page
                            .rows
                            .into_iter()
                            .map(|m| {
                                let label = subject_label(&m.subject);
                                view! {
                                    <tr>
                                        {may_change.then(|| view! { <SelectCell key=m.id.clone() label=format!("Select {label}") selected/> })}
                                        <td>
                                            {folder_label(&m.folder)}
                                            {m.folder_deleted.then(|| view! { <span class="tag">"deleted folder"</span> })}
                                        </td>
                                        <td class="nowrap">{date(m.date)}</td>
                                        <td>{m.from}</td>
                                        <td>{label}</td>
                                        <td class="num nowrap">{size(m.size)}</td>
                                        <td>{date(m.deleted_at)}</td>
                                        <td>{date(m.restorable_until)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            }
            .into_any(),
        }}
        <Pager first=page.first limit=q.limit total=page.total shown href_for=move |first| deleted_href(&DeletedQuery { first, ..pager_q.clone() })/>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_round_trip_through_the_url() {
        let pairs = [
            ("folder", "Old folder"),
            ("from", " joe "),
            ("subject", ""),
            ("after", "2024-07-01"),
            ("before", "2024-07-31"),
            ("first", "50"),
        ];
        let params = |k: &str| pairs.iter().find(|(name, _)| *name == k).map(|(_, v)| v.to_string());
        let q = deleted_query(params, "joe@example.com".into());
        assert_eq!(q.from.as_deref(), Some("joe"));
        assert_eq!(q.subject, None);
        assert!(q.filtered());
        let url = deleted_href(&q);
        assert_eq!(
            url,
            "/users/joe%40example.com?tab=deleted&folder=Old%20folder&from=joe&after=2024-07-01&before=2024-07-31&first=50"
        );
        assert_eq!(deleted_query(crate::pages::user::mail::tests::url_params(&url), q.user.clone()), q);
        let plain = deleted_query(|_| None, "joe@example.com".into());
        assert!(!plain.filtered());
        assert_eq!(deleted_href(&plain), "/users/joe%40example.com?tab=deleted");
    }
}
