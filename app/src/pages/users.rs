//! Users of a domain: paged, sortable, filterable table (type, status,
//! workgroup, match; the view's state in the URL), the deleted accounts with
//! restore (same or new name), create, and delete with confirmation.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::api::types::BulkOutcome;
use crate::api::types::{ListQuery, UserPage};
use crate::api::users::{bulk_users, delete_user, list_users, restore_user, CreateUser};
use crate::api::PortalError;
use crate::components::actions::successes;
use crate::components::bulk::BulkReport;
use crate::components::confirm::ConfirmButton;
use crate::components::errors::ErrorNote;
use crate::components::layout::urlencode;
use crate::components::listing::{href, query_from, SortHeader};
use crate::components::pager::Pager;
use crate::components::quota::QuotaBar;
use crate::components::restore::{Restore, RestoreForm};
use crate::components::selection::{SelectAllCell, SelectCell, Selection, SelectionBar};
use crate::components::time::date;

const PATH: &str = "/users";
const SORTS: [&str; 7] = ["user", "type", "workgroup", "status", "target", "lastlogin", "delete_time"];

type Delete = Action<String, Result<(), PortalError>>;
/// (action, selected keys, workgroup to move to).
type Bulk = Action<(String, Vec<String>, String), Result<Vec<BulkOutcome>, PortalError>>;

#[component]
pub fn UsersPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| query_from(&params.read(), &SORTS));
    let create = ServerAction::<CreateUser>::new();
    let delete: Delete = Action::new(|name: &String| delete_user(name.clone()));
    let restore: Restore =
        Action::new(|(u, id, new): &(String, String, String)| restore_user(u.clone(), id.clone(), new.clone()));
    let create_done = successes(*create);
    let delete_done = successes(delete);
    let restore_done = successes(restore);
    let bulk: Bulk = Action::new(|(action, users, workgroup): &(String, Vec<String>, String)| {
        bulk_users(action.clone(), users.clone(), workgroup.clone())
    });
    let bulk_done = successes(bulk);
    let users = Resource::new(
        move || (query.get(), create_done.get(), delete_done.get(), restore_done.get(), bulk_done.get()),
        |(q, _, _, _, _)| list_users(q),
    );
    view! {
        <Title text="Users"/>
        <h1>{move || format!("Users of {}", query.get().domain.unwrap_or_default())}</h1>
        <ViewSwitch query/>
        <Filters query/>
        <p class="actions">
            // A download, not a page: rel=external keeps the router's hands off.
            <a href=move || href("/export/users.csv", &query.get()) download="" rel="external">
                "Export these users (CSV)"
            </a>
        </p>
        {move || delete.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error/> })}
        {move || match restore.value().get() {
            Some(Ok(())) => Some(view! { <div class="alert ok" role="status"><p>"User restored."</p></div> }.into_any()),
            Some(Err(error)) => Some(view! { <ErrorNote error/> }.into_any()),
            None => None,
        }}
        {move || bulk.value().get().map(|result| match result {
            Ok(outcomes) => view! { <BulkReport outcomes noun="users"/> }.into_any(),
            Err(error) => view! { <ErrorNote error/> }.into_any(),
        })}
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let q = query.get_untracked();
                match users.await {
                    Ok(page) => {
                        let can_create = page.can_create;
                        view! {
                            <UserTable q=q.clone() page delete restore bulk/>
                            {(can_create && !q.deleted).then(|| view! {
                                <NewUser create domain=q.domain.clone().unwrap_or_default()/>
                                <p>
                                    <a href=format!("/import/users?domain={}", urlencode(q.domain.as_deref().unwrap_or("")))>
                                        "Import users from a CSV file"
                                    </a>
                                </p>
                            })}
                        }
                        .into_any()
                    }
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ViewSwitch(query: Memo<ListQuery>) -> impl IntoView {
    let link = move |deleted: bool| {
        let q = query.get();
        href(PATH, &ListQuery { deleted, first: 0, sort: None, descending: false, status: None, ..q })
    };
    view! {
        <nav class="tabs" aria-label="Which users">
            <a href=move || link(false) aria-current=move || (!query.get().deleted).then_some("page")>"Users"</a>
            <a href=move || link(true) aria-current=move || query.get().deleted.then_some("page")>"Deleted users"</a>
        </nav>
    }
}

#[component]
fn Filters(query: Memo<ListQuery>) -> impl IntoView {
    let q = query.get_untracked();
    let option = |value: &'static str, label: &'static str, current: &Option<String>| {
        view! { <option value=value selected=current.as_deref().unwrap_or("") == value>{label}</option> }
    };
    view! {
        <Form method="GET" action=PATH attr:class="filters" attr:role="search">
            <input type="hidden" name="domain" value=q.domain.clone().unwrap_or_default()/>
            <label>
                "Address matches"
                <input type="search" name="q" placeholder="e.g. j*" value=q.pattern.clone().unwrap_or_default()/>
            </label>
            <label>
                "Type"
                <select name="type">
                    {option("", "All types", &q.kind)}
                    {option("mailbox", "Mailboxes", &q.kind)}
                    {option("forward", "Forwards", &q.kind)}
                    {option("filter", "Filters", &q.kind)}
                    {option("alias", "Aliases", &q.kind)}
                </select>
            </label>
            {(!q.deleted).then(|| view! {
                <label>
                    "Status"
                    <select name="status">
                        {option("", "Any status", &q.status)}
                        {option("active", "Active", &q.status)}
                        {option("suspended", "Suspended", &q.status)}
                    </select>
                </label>
            })}
            <label>
                "Workgroup"
                <input type="text" name="workgroup" value=q.workgroup.clone().unwrap_or_default()/>
            </label>
            {q.deleted.then(|| view! { <input type="hidden" name="deleted" value="1"/> })}
            <button type="submit">"Search"</button>
        </Form>
    }
}

#[component]
fn UserTable(q: ListQuery, page: UserPage, delete: Delete, restore: Restore, bulk: Bulk) -> impl IntoView {
    let shown = page.rows.len();
    // Keys of the selected rows: the address, and for deleted accounts " id".
    let selected: Selection = RwSignal::new(Default::default());
    let keys: Vec<String> = page
        .rows
        .iter()
        .filter(|u| u.kind != "alias")
        .map(|u| match &u.id {
            Some(id) if q.deleted => format!("{} {id}", u.name),
            _ => u.name.clone(),
        })
        .collect();
    let pager_q = q.clone();
    let deleted = q.deleted;
    let can_manage = page.can_create;
    let header = |key: &'static str, label: &'static str| view! { <SortHeader path=PATH q=q.clone() key default_key="user" label/> };
    view! {
        {can_manage.then(|| view! { <BulkBar selected deleted bulk/> })}
        <table class="grid" aria-label=if deleted { "Deleted users" } else { "Users" }>
            <thead>
                <tr>
                    {header("user", "User")}
                    {if deleted {
                        view! { {header("delete_time", "Deleted")} }.into_any()
                    } else {
                        view! {
                            {header("type", "Type")}
                            {header("workgroup", "Workgroup")}
                            {header("status", "Status")}
                            {header("target", "Target")}
                            {header("lastlogin", "Last login")}
                            <th scope="col">"Quota"</th>
                        }
                        .into_any()
                    }}
                    <th scope="col"><span class="sr-only">"Actions"</span></th>
                    {can_manage.then(|| view! { <SelectAllCell keys=keys selected/> })}
                </tr>
            </thead>
            <tbody>
                {page
                    .rows
                    .into_iter()
                    .map(|u| {
                        let name = u.name.clone();
                        if deleted {
                            let id = u.id.clone().unwrap_or_default();
                            view! {
                                <tr>
                                    <td>{u.name.clone()}</td>
                                    <td>{u.deleted_at.map(date).unwrap_or_default()}</td>
                                    <td>{can_manage.then(|| view! { <RestoreForm name id=id.clone() restore/> })}</td>
                                    {can_manage.then(|| view! { <SelectCell key=format!("{} {id}", u.name) label=format!("Select {}", u.name) selected/> })}
                                </tr>
                            }
                            .into_any()
                        } else {
                            let is_alias = u.kind == "alias";
                            let target = match (&u.target, u.forwards) {
                                (Some(t), _) => t.clone(),
                                (None, n) if n > 1 => format!("{n} recipients"),
                                _ => String::new(),
                            };
                            view! {
                                <tr>
                                    <td>
                                        {if is_alias {
                                            view! { <span>{u.name.clone()}</span> }.into_any()
                                        } else {
                                            view! { <a href=format!("/users/{}", urlencode(&u.name))>{u.name.clone()}</a> }.into_any()
                                        }}
                                    </td>
                                    <td>{u.kind.clone()}</td>
                                    <td>{u.workgroup.clone().unwrap_or_default()}</td>
                                    <td><span class=format!("status {}", u.status)>{u.status.clone()}</span></td>
                                    <td>{target}</td>
                                    <td>{u.last_login.map(date).unwrap_or_else(|| if is_alias { String::new() } else { "never".into() })}</td>
                                    <td>{u.quota.map(|quota| view! { <QuotaBar quota/> })}</td>
                                    <td>
                                        {(can_manage && !is_alias)
                                            .then(|| {
                                                let question = format!("Delete {name}? It can be restored for 30 days.");
                                                view! {
                                                    <ConfirmButton
                                                        label="Delete".to_string()
                                                        question
                                                        confirm="Yes, delete".to_string()
                                                        on_confirm=move || {
                                                            delete.dispatch(name.clone());
                                                        }
                                                    />
                                                }
                                            })}
                                    </td>
                                    {can_manage.then(|| (!is_alias).then(|| view! { <SelectCell key=u.name.clone() label=format!("Select {}", u.name) selected/> }))}
                                </tr>
                            }
                            .into_any()
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        {(shown == 0).then(|| view! { <p class="empty">"No users match."</p> })}
        <Pager first=page.first limit=q.limit total=page.total shown href_for=move |first| href(PATH, &ListQuery { first, ..pager_q.clone() })/>
    }
}

#[component]
fn NewUser(create: ServerAction<CreateUser>, domain: String) -> impl IntoView {
    let suffix = format!("@{domain}");
    view! {
        <section class="panel" aria-labelledby="new-user">
            <h2 id="new-user">"New user"</h2>
            <p class="hint">"A new mailbox starts with its domain's defaults (language, time zone, quota, services, workgroup)."</p>
            {move || match create.value().get() {
                Some(Ok(())) => Some(view! { <div class="alert ok" role="status"><p>"User created."</p></div> }.into_any()),
                Some(Err(error)) => Some(view! { <ErrorNote error/> }.into_any()),
                None => None,
            }}
            <ActionForm action=create attr:class="row">
                <input type="hidden" name="domain" value=domain/>
                <label>"Address" <span class="addr"><input type="text" name="local" required=true placeholder="jane"/>{suffix}</span></label>
                <label>"Name" <input type="text" name="name" placeholder="Jane Doe"/></label>
                <label>"Password" <input type="password" name="password" autocomplete="new-password"/></label>
                <button type="submit">"Create user"</button>
            </ActionForm>
        </section>
    }
}

/// What to do with the selected accounts.
#[component]
fn BulkBar(selected: Selection, deleted: bool, bulk: Bulk) -> impl IntoView {
    let workgroup = RwSignal::new(String::new());
    let none = move || selected.read().is_empty() || bulk.pending().get();
    let run = move |action: &'static str| {
        bulk.dispatch((action.to_string(), selected.get_untracked().into_iter().collect(), workgroup.get_untracked()));
    };
    view! {
        <SelectionBar selected label="Selected users">
            {if deleted {
                view! { <button type="button" disabled=none on:click=move |_| run("restore")>"Restore"</button> }.into_any()
            } else {
                view! {
                    <button type="button" disabled=none on:click=move |_| run("suspend")>"Suspend"</button>
                    <button type="button" disabled=none on:click=move |_| run("enable")>"Enable"</button>
                    <input type="text" aria-label="Workgroup to move to" placeholder="workgroup"
                        prop:value=move || workgroup.get() on:input=move |ev| workgroup.set(event_target_value(&ev))/>
                    <button type="button" disabled=none on:click=move |_| run("move")>"Move"</button>
                    <ConfirmButton
                        label="Delete selected".to_string()
                        question="Delete the selected users? They can be restored for 30 days.".to_string()
                        confirm="Yes, delete them".to_string()
                        on_confirm=move || run("delete")
                    />
                }
                .into_any()
            }}
        </SelectionBar>
    }
}
