//! Admins: who holds which role (search_admins as a paged, sortable table whose
//! page and filters live in the URL), and granting or removing roles (set_role).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

use crate::api::admins::{list_admins, SetAdminRole};
use crate::api::types::{role_label, AdminQuery, ROLES};
use crate::components::actions::successes;
use crate::components::errors::ErrorNote;
use crate::components::layout::urlencode;
use crate::components::pager::Pager;

const PAGE: i64 = 25;

fn query_from(params: &ParamsMap) -> AdminQuery {
    let text = |k: &str| params.get(k).filter(|v| !v.trim().is_empty());
    AdminQuery {
        pattern: text("q"),
        role: text("role"),
        company: text("company"),
        sort: text("sort").filter(|s| ["user", "type", "control"].contains(&s.as_str())),
        descending: params.get("dir").as_deref() == Some("desc"),
        first: text("first").and_then(|v| v.parse().ok()).unwrap_or(0).max(0),
        limit: text("limit").and_then(|v| v.parse().ok()).unwrap_or(PAGE).clamp(1, 500),
    }
}

/// The URL of the admins page for a query.
fn href(q: &AdminQuery) -> String {
    let mut parts = Vec::new();
    let mut add = |k: &str, v: &str| parts.push(format!("{k}={}", urlencode(v)));
    if let Some(p) = &q.pattern {
        add("q", p);
    }
    if let Some(r) = &q.role {
        add("role", r);
    }
    if let Some(c) = &q.company {
        add("company", c);
    }
    if let Some(s) = &q.sort {
        add("sort", s);
    }
    if q.descending {
        add("dir", "desc");
    }
    if q.first > 0 {
        add("first", &q.first.to_string());
    }
    if q.limit != PAGE {
        add("limit", &q.limit.to_string());
    }
    if parts.is_empty() {
        "/admins".into()
    } else {
        format!("/admins?{}", parts.join("&"))
    }
}

#[component]
pub fn AdminsPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| query_from(&params.read()));
    let set_role = ServerAction::<SetAdminRole>::new();
    let set_role_done = successes(*set_role);
    let admins = Resource::new(move || (query.get(), set_role_done.get()), |(q, _)| list_admins(q));
    view! {
        <Title text="Admins"/>
        <h1>"Admins"</h1>
        <Filters query/>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let q = query.get_untracked();
                match admins.await {
                    Ok(page) => view! { <AdminTable q page set_role/> }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Transition>
        <RoleForm set_role/>
    }
}

#[component]
fn Filters(query: Memo<AdminQuery>) -> impl IntoView {
    let q = query.get_untracked();
    view! {
        <Form method="GET" action="/admins" attr:class="filters" attr:role="search">
            <label>
                "Name matches"
                <input type="search" name="q" placeholder="e.g. *@example.com" value=q.pattern.clone().unwrap_or_default()/>
            </label>
            <label>
                "Role"
                <select name="role">
                    <option value="" selected=q.role.is_none()>"Any role"</option>
                    {std::iter::once(("provider", "Provider administrator"))
                        .chain(ROLES.iter().copied())
                        .map(|(id, label)| {
                            view! { <option value=id selected=q.role.as_deref() == Some(id)>{label}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <button type="submit">"Search"</button>
        </Form>
    }
}

#[component]
fn AdminTable(
    q: AdminQuery,
    page: crate::api::types::AdminPage,
    set_role: ServerAction<SetAdminRole>,
) -> impl IntoView {
    let header = |key: &'static str, label: &'static str| {
        let active = q.sort.as_deref().unwrap_or("user") == key;
        let mut next = q.clone();
        next.sort = Some(key.to_string());
        next.descending = active && !q.descending;
        next.first = 0;
        let aria = if !active {
            "none"
        } else if q.descending {
            "descending"
        } else {
            "ascending"
        };
        let arrow = if !active {
            ""
        } else if q.descending {
            " ↓"
        } else {
            " ↑"
        };
        view! {
            <th scope="col" aria-sort=aria>
                <a href=href(&next)>{label}{arrow}</a>
            </th>
        }
    };
    let shown = page.rows.len();
    let pager_q = q.clone();
    view! {
        <table class="grid" aria-label="Admins">
            <thead>
                <tr>
                    {header("user", "User")}
                    {header("type", "Role")}
                    {header("control", "Administers")}
                    <th scope="col"><span class="sr-only">"Actions"</span></th>
                </tr>
            </thead>
            <tbody>
                {page
                    .rows
                    .into_iter()
                    .map(|row| {
                        let removable = row.role != "provider";
                        let user = row.user.clone();
                        view! {
                            <tr>
                                <td>{row.user.clone()}</td>
                                <td>{role_label(&row.role).to_string()}</td>
                                <td>{row.control.clone().unwrap_or_default()}</td>
                                <td>
                                    {removable
                                        .then(|| {
                                            view! {
                                                <ActionForm action=set_role attr:class="inline">
                                                    <input type="hidden" name="user" value=user.clone()/>
                                                    <input type="hidden" name="role" value=""/>
                                                    <button type="submit" class="link danger" aria-label=format!("Remove role of {user}")>
                                                        "Remove role"
                                                    </button>
                                                </ActionForm>
                                            }
                                        })}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        {(shown == 0).then(|| view! { <p class="empty">"No admins match."</p> })}
        <Pager
            first=page.first
            limit=q.limit
            total=page.total
            shown
            href_for=move |first| {
                let mut p = pager_q.clone();
                p.first = first;
                href(&p)
            }
        />
    }
}

#[component]
fn RoleForm(set_role: ServerAction<SetAdminRole>) -> impl IntoView {
    let result = set_role.value();
    view! {
        <section class="panel" aria-labelledby="set-role-title">
            <h2 id="set-role-title">"Set a role"</h2>
            <p class="hint">"An account holds one role at a time: setting one replaces the old. The account must belong to the object it administers."</p>
            {move || match result.get() {
                Some(Ok(())) => Some(view! { <div class="alert ok" role="status"><p>"Role saved."</p></div> }.into_any()),
                Some(Err(error)) => Some(view! { <ErrorNote error/> }.into_any()),
                None => None,
            }}
            <ActionForm action=set_role attr:class="row">
                <label>
                    "User"
                    <input type="text" name="user" placeholder="user@example.com" required=true/>
                </label>
                <label>
                    "Role"
                    <select name="role">
                        {ROLES.iter().map(|(id, label)| view! { <option value=*id>{*label}</option> }).collect_view()}
                        <option value="">"No role (remove)"</option>
                    </select>
                </label>
                <label>
                    "Object"
                    <input type="text" name="object" placeholder="Example Corp, example.com or example.com/sales"/>
                </label>
                <button type="submit">"Save role"</button>
            </ActionForm>
        </section>
    }
}
