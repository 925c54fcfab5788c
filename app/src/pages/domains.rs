//! Domains: paged, sortable, searchable table with per-domain counts (the
//! view's state in the URL), the deleted domains with restore, create, and
//! delete with confirmation.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::api::domains::{delete_domain, list_domains, restore_domain, CreateDomain};
use crate::api::types::{DomainPage, ListQuery};
use crate::api::PortalError;
use crate::components::actions::successes;
use crate::components::confirm::ConfirmButton;
use crate::components::errors::ErrorNote;
use crate::components::layout::{urlencode, use_me};
use crate::components::listing::{href, query_from, SortHeader};
use crate::components::pager::Pager;
use crate::components::restore::{Restore, RestoreForm};
use crate::components::time::date;

const PATH: &str = "/domains";
const SORTS: [&str; 9] = [
    "domain",
    "type",
    "users",
    "users/mailbox",
    "users/forward",
    "users/filter",
    "users/alias",
    "users/deleted",
    "delete_time",
];

type Delete = Action<String, Result<(), PortalError>>;

#[component]
pub fn DomainsPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| query_from(&params.read(), &SORTS));
    let create = ServerAction::<CreateDomain>::new();
    let delete: Delete = Action::new(|name: &String| delete_domain(name.clone()));
    let restore: Restore =
        Action::new(|(d, id, new): &(String, String, String)| restore_domain(d.clone(), id.clone(), new.clone()));
    let create_done = successes(*create);
    let delete_done = successes(delete);
    let restore_done = successes(restore);
    let domains = Resource::new(
        move || (query.get(), create_done.get(), delete_done.get(), restore_done.get()),
        |(q, _, _, _)| list_domains(q),
    );
    let me = use_me();
    view! {
        <Title text="Domains"/>
        <h1>{move || match query.get().company { Some(c) => format!("Domains of {c}"), None => "Domains".to_string() }}</h1>
        <ViewSwitch query/>
        <Filters query/>
        {move || delete.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error/> })}
        {move || match restore.value().get() {
            Some(Ok(())) => Some(view! { <div class="alert ok" role="status"><p>"Domain restored."</p></div> }.into_any()),
            Some(Err(error)) => Some(view! { <ErrorNote error/> }.into_any()),
            None => None,
        }}
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let q = query.get_untracked();
                match domains.await {
                    Ok(page) => {
                        let can_create = page.can_create;
                        let provider = me.await.ok().flatten().is_some_and(|m| m.role.as_deref() == Some("provider"));
                        view! {
                            <DomainTable q=q.clone() page delete restore/>
                            {(can_create && !q.deleted).then(|| view! { <NewDomain create provider company=q.company.clone()/> })}
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
        href(PATH, &ListQuery { deleted, first: 0, sort: None, descending: false, ..q })
    };
    view! {
        <nav class="tabs" aria-label="Which domains">
            <a href=move || link(false) aria-current=move || (!query.get().deleted).then_some("page")>"Domains"</a>
            <a href=move || link(true) aria-current=move || query.get().deleted.then_some("page")>"Deleted domains"</a>
        </nav>
    }
}

#[component]
fn Filters(query: Memo<ListQuery>) -> impl IntoView {
    let q = query.get_untracked();
    view! {
        <Form method="GET" action=PATH attr:class="filters" attr:role="search">
            <label>
                "Name matches"
                <input type="search" name="q" placeholder="e.g. *.com" value=q.pattern.clone().unwrap_or_default()/>
            </label>
            <label>
                "Type"
                <select name="type">
                    <option value="" selected=q.kind.is_none()>"Domains and aliases"</option>
                    <option value="domain" selected=q.kind.as_deref() == Some("domain")>"Domains"</option>
                    <option value="alias" selected=q.kind.as_deref() == Some("alias")>"Alias domains"</option>
                </select>
            </label>
            {q.company.clone().map(|c| view! { <input type="hidden" name="company" value=c/> })}
            {q.deleted.then(|| view! { <input type="hidden" name="deleted" value="1"/> })}
            <button type="submit">"Search"</button>
        </Form>
    }
}

#[component]
fn DomainTable(q: ListQuery, page: DomainPage, delete: Delete, restore: Restore) -> impl IntoView {
    let shown = page.rows.len();
    let pager_q = q.clone();
    let deleted = q.deleted;
    let can_manage = page.can_create;
    let header = |key: &'static str, label: &'static str| view! { <SortHeader path=PATH q=q.clone() key default_key="domain" label/> };
    view! {
        <table class="grid" aria-label=if deleted { "Deleted domains" } else { "Domains" }>
            <thead>
                <tr>
                    {header("domain", "Domain")}
                    {if deleted {
                        view! { {header("delete_time", "Deleted")} }.into_any()
                    } else {
                        view! {
                            {header("type", "Type")}
                            {header("users/mailbox", "Mailboxes")}
                            {header("users/forward", "Forwards")}
                            {header("users/filter", "Filters")}
                            {header("users/alias", "Aliases")}
                            {header("users/deleted", "Deleted users")}
                            {header("users", "Users")}
                        }
                        .into_any()
                    }}
                    <th scope="col"><span class="sr-only">"Actions"</span></th>
                </tr>
            </thead>
            <tbody>
                {page
                    .rows
                    .into_iter()
                    .map(|d| {
                        let name = d.name.clone();
                        if deleted {
                            let id = d.id.clone().unwrap_or_default();
                            view! {
                                <tr>
                                    <td>{d.name.clone()}</td>
                                    <td>{d.deleted_at.map(date).unwrap_or_default()}</td>
                                    <td>{can_manage.then(|| view! { <RestoreForm name id restore/> })}</td>
                                </tr>
                            }
                            .into_any()
                        } else {
                            let c = d.counts.clone();
                            let is_alias = d.alias_of.is_some();
                            view! {
                                <tr>
                                    <td>
                                        {if is_alias {
                                            view! { <span>{d.name.clone()}</span> }.into_any()
                                        } else {
                                            view! { <a href=format!("/domains/{}", urlencode(&d.name))>{d.name.clone()}</a> }.into_any()
                                        }}
                                    </td>
                                    <td>{match &d.alias_of { Some(t) => format!("alias of {t}"), None => "domain".to_string() }}</td>
                                    <td>{c.mailbox}</td>
                                    <td>{c.forward}</td>
                                    <td>{c.filter}</td>
                                    <td>{c.alias}</td>
                                    <td>{c.deleted}</td>
                                    <td>{c.total}</td>
                                    <td>
                                        {(can_manage && !is_alias)
                                            .then(|| {
                                                let question = format!("Delete {name}?");
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
                                </tr>
                            }
                            .into_any()
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        {(shown == 0).then(|| view! { <p class="empty">"No domains match."</p> })}
        <Pager first=page.first limit=q.limit total=page.total shown href_for=move |first| href(PATH, &ListQuery { first, ..pager_q.clone() })/>
    }
}

#[component]
fn NewDomain(create: ServerAction<CreateDomain>, provider: bool, company: Option<String>) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="new-domain">
            <h2 id="new-domain">"New domain"</h2>
            <p class="hint">"A new domain starts with its company's defaults (language, time zone, quota, services) and the workgroup \"staff\"."</p>
            {move || match create.value().get() {
                Some(Ok(())) => Some(view! { <div class="alert ok" role="status"><p>"Domain created."</p></div> }.into_any()),
                Some(Err(error)) => Some(view! { <ErrorNote error/> }.into_any()),
                None => None,
            }}
            <ActionForm action=create attr:class="row">
                <label>"Domain" <input type="text" name="domain" required=true placeholder="example.com"/></label>
                {if provider {
                    view! { <label>"Company" <input type="text" name="company" required=true value=company.unwrap_or_default()/></label> }.into_any()
                } else {
                    view! { <input type="hidden" name="company" value=""/> }.into_any()
                }}
                <button type="submit">"Create domain"</button>
            </ActionForm>
        </section>
    }
}
