//! Companies (provider): paged list with search, create, delete when empty.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::api::companies::{delete_company, list_companies, CreateCompany};
use crate::api::types::{CompanyPage, ListQuery};
use crate::components::actions::successes;
use crate::components::confirm::ConfirmButton;
use crate::components::errors::ErrorNote;
use crate::components::layout::urlencode;
use crate::components::listing::{href, query_from, SortHeader};
use crate::components::pager::Pager;

const PATH: &str = "/companies";
const SORTS: [&str; 2] = ["company", "domains"];

#[component]
pub fn CompaniesPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| query_from(&params.read(), &SORTS));
    let create = ServerAction::<CreateCompany>::new();
    let delete = Action::new(|name: &String| delete_company(name.clone()));
    let create_done = successes(*create);
    let delete_done = successes(delete);
    let companies =
        Resource::new(move || (query.get(), create_done.get(), delete_done.get()), |(q, _, _)| list_companies(q));
    view! {
        <Title text="Companies"/>
        <h1>"Companies"</h1>
        <Form method="GET" action=PATH attr:class="filters" attr:role="search">
            <label>
                "Name matches"
                <input type="search" name="q" placeholder="e.g. Example*" value=query.get_untracked().pattern.unwrap_or_default()/>
            </label>
            <button type="submit">"Search"</button>
        </Form>
        {move || delete.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error/> })}
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let q = query.get_untracked();
                match companies.await {
                    Ok(page) => view! { <CompanyTable q page delete/> }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Transition>
        <section class="panel" aria-labelledby="new-company">
            <h2 id="new-company">"New company"</h2>
            {move || match create.value().get() {
                Some(Ok(())) => Some(view! { <div class="alert ok" role="status"><p>"Company created."</p></div> }.into_any()),
                Some(Err(error)) => Some(view! { <ErrorNote error/> }.into_any()),
                None => None,
            }}
            <ActionForm action=create attr:class="row">
                <label>"Name" <input type="text" name="name" required=true placeholder="Example Corp"/></label>
                <button type="submit">"Create company"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn CompanyTable(
    q: ListQuery,
    page: CompanyPage,
    delete: Action<String, Result<(), crate::api::PortalError>>,
) -> impl IntoView {
    let shown = page.rows.len();
    let pager_q = q.clone();
    view! {
        <table class="grid" aria-label="Companies">
            <thead>
                <tr>
                    <SortHeader path=PATH q=q.clone() key="company" default_key="company" label="Company"/>
                    <SortHeader path=PATH q=q.clone() key="domains" default_key="company" label="Domains"/>
                    <th scope="col"><span class="sr-only">"Actions"</span></th>
                </tr>
            </thead>
            <tbody>
                {page
                    .rows
                    .into_iter()
                    .map(|c| {
                        let name = c.name.clone();
                        view! {
                            <tr>
                                <td><a href=format!("/companies/{}", urlencode(&c.name))>{c.name.clone()}</a></td>
                                <td><a href=format!("/domains?company={}", urlencode(&c.name))>{c.domains}</a></td>
                                <td>
                                    {(c.domains == 0)
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
                    })
                    .collect_view()}
            </tbody>
        </table>
        {(shown == 0).then(|| view! { <p class="empty">"No companies match."</p> })}
        <Pager first=page.first limit=q.limit total=page.total shown href_for=move |first| href(PATH, &ListQuery { first, ..pager_q.clone() })/>
    }
}
