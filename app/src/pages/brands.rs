//! Brands (provider): list with who uses them, create, edit, delete.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::brands::{delete_brand, list_brands, SaveBrand};
use crate::api::types::ListQuery;
use crate::api::PortalError;
use crate::components::actions::successes;
use crate::components::confirm::ConfirmButton;
use crate::components::errors::ErrorNote;
use crate::components::listing::{href, query_from};
use crate::components::pager::Pager;

const PATH: &str = "/brands";

#[component]
pub fn BrandsPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| query_from(&params.read(), &[]));
    let save = ServerAction::<SaveBrand>::new();
    let delete: Action<String, Result<(), PortalError>> = Action::new(|b: &String| delete_brand(b.clone()));
    let save_done = successes(*save);
    let delete_done = successes(delete);
    let brands = Resource::new(move || (query.get(), save_done.get(), delete_done.get()), |(q, _, _)| list_brands(q));
    view! {
        <Title text="Brands"/>
        <h1>"Brands"</h1>
        <p class="lead">"Brandings companies, domains and users can choose. A brand without a company is offered to every company."</p>
        {move || delete.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error/> })}
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let q: ListQuery = query.get_untracked();
                match brands.await {
                    Ok(page) => {
                        let shown = page.rows.len();
                        view! {
                            <table class="grid" aria-label="Brands">
                                <thead>
                                    <tr>
                                        <th scope="col">"Brand"</th>
                                        <th scope="col">"Company"</th>
                                        <th scope="col">"Notes"</th>
                                        <th scope="col">"Companies"</th>
                                        <th scope="col">"Domains"</th>
                                        <th scope="col">"Users"</th>
                                        <th scope="col"><span class="sr-only">"Actions"</span></th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {page
                                        .rows
                                        .into_iter()
                                        .map(|b| {
                                            let name = b.name.clone();
                                            let question = format!("Delete brand {name}?");
                                            view! {
                                                <tr>
                                                    <td>{b.name.clone()}</td>
                                                    <td>{b.company.clone().unwrap_or_else(|| "(every company)".into())}</td>
                                                    <td>{b.notes.clone().unwrap_or_default()}</td>
                                                    <td>{b.companies}</td>
                                                    <td>{b.domains}</td>
                                                    <td>{b.users}</td>
                                                    <td>
                                                        <ConfirmButton
                                                            label="Delete".to_string()
                                                            question
                                                            confirm="Yes, delete".to_string()
                                                            on_confirm=move || {
                                                                delete.dispatch(name.clone());
                                                            }
                                                        />
                                                    </td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                            {(shown == 0).then(|| view! { <p class="empty">"No brands yet."</p> })}
                            <Pager first=page.first limit=q.limit total=page.total shown href_for=move |first| href(PATH, &ListQuery { first, ..q.clone() })/>
                        }
                        .into_any()
                    }
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Transition>
        <section class="panel" aria-labelledby="brand-form">
            <h2 id="brand-form">"Create or change a brand"</h2>
            <p class="hint">"Saving a name that exists changes that brand."</p>
            {move || match save.value().get() {
                Some(Ok(())) => Some(view! { <div class="alert ok" role="status"><p>"Brand saved."</p></div> }.into_any()),
                Some(Err(error)) => Some(view! { <ErrorNote error/> }.into_any()),
                None => None,
            }}
            <ActionForm action=save attr:class="row">
                <label>"Name" <input type="text" name="brand" required=true placeholder="Example Co Brand"/></label>
                <label>"Company" <input type="text" name="company" placeholder="empty: every company"/></label>
                <label>"Notes" <input type="text" name="notes"/></label>
                <button type="submit">"Save brand"</button>
            </ActionForm>
        </section>
    }
}
