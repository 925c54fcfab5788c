//! One domain: settings (a form generated from get_domain, company defaults
//! and inherited values shown), its workgroups, its stats and its change
//! history.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::company::Settings;
use crate::api::bulletins::Owner;
use crate::api::settings::{domain_settings, save_domain};
use crate::api::types::WorkgroupList;
use crate::api::workgroups::{delete_workgroup, list_workgroups, CreateWorkgroup};
use crate::api::PortalError;
use crate::components::actions::{successes, while_active};
use crate::components::confirm::ConfirmButton;
use crate::components::errors::ErrorNote;
use crate::components::history::{log_resource, ChangeLog};
use crate::components::layout::urlencode;
use crate::components::settings_form::SaveAction;
use crate::components::stats::{StatsState, StatsTab};
use crate::pages::bulletins::{BulletinsState, BulletinsTab};

#[component]
pub fn DomainPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let name = Memo::new(move |_| params.read().get("name").unwrap_or_default());
    let tab = Memo::new(move |_| query.read().get("tab").unwrap_or_default());
    // Every resource of the page is made here (see pages::company).
    let save: SaveAction = Action::new(move |changes: &serde_json::Map<String, serde_json::Value>| {
        save_domain(name.get_untracked(), changes.clone())
    });
    let saved = successes(save);
    let on = move |t: &'static str| Memo::new(move |_| tab.get() == t);
    let form = while_active(on(""), move || (name.get(), saved.get()), |(n, _)| domain_settings(n));
    let log = log_resource("domain", name, on("history"));
    let stats = StatsState::new("domain", name, on("stats"));
    let create = ServerAction::<CreateWorkgroup>::new();
    let delete: Action<String, Result<(), PortalError>> =
        Action::new(move |w: &String| delete_workgroup(name.get_untracked(), w.clone()));
    let on_workgroups = on("workgroups");
    let create_done = successes(*create);
    let delete_done = successes(delete);
    let workgroups = while_active(
        on_workgroups,
        move || (name.get(), create_done.get(), delete_done.get()),
        |(domain, _, _)| list_workgroups(domain),
    );
    let owner = Memo::new(move |_| Owner { kind: "domain".into(), name: name.get() });
    let base_path = Memo::new(move |_| format!("/domains/{}", urlencode(&name.get())));
    let bulletins = BulletinsState::new(owner, base_path, on("bulletins"));
    let base = move || format!("/domains/{}", urlencode(&name.get()));
    let tab_link = move |t: &'static str, label: &'static str| {
        let href = move || if t.is_empty() { base() } else { format!("{}?tab={t}", base()) };
        view! { <a href=href aria-current=move || (tab.get() == t).then_some("page")>{label}</a> }
    };
    view! {
        <Title text=move || name.get()/>
        <h1>{move || name.get()}</h1>
        <nav class="tabs" aria-label="Domain">
            {tab_link("", "Settings")}
            {tab_link("workgroups", "Workgroups")}
            <a href=move || format!("/users?domain={}", urlencode(&name.get()))>"Users"</a>
            {tab_link("bulletins", "Bulletins")}
            {tab_link("stats", "Stats")}
            {tab_link("history", "History")}
        </nav>
        {move || match tab.get().as_str() {
            "history" => view! { <ChangeLog page=log base=format!("{}?tab=history", base())/> }.into_any(),
            "workgroups" => view! { <Workgroups domain=name list=workgroups create delete/> }.into_any(),
            "bulletins" => view! { <BulletinsTab state=bulletins/> }.into_any(),
            "stats" => view! { <StatsTab state=stats base=base()/> }.into_any(),
            _ => view! { <Settings form save/> }.into_any(),
        }}
    }
}

/// The domain's workgroups with their account counts; create and delete.
#[component]
fn Workgroups(
    domain: Memo<String>,
    list: Resource<Option<Result<WorkgroupList, PortalError>>>,
    create: ServerAction<CreateWorkgroup>,
    delete: Action<String, Result<(), PortalError>>,
) -> impl IntoView {
    view! {
        {move || delete.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error/> })}
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    None => ().into_any(),
                    Some(Ok(list)) => {
                        let can_manage = list.can_manage;
                        view! {
                            <table class="grid" aria-label="Workgroups">
                                <thead>
                                    <tr>
                                        <th scope="col">"Workgroup"</th>
                                        <th scope="col">"Mailboxes"</th>
                                        <th scope="col">"Forwards"</th>
                                        <th scope="col">"Filters"</th>
                                        <th scope="col">"Deleted users"</th>
                                        <th scope="col">"Users"</th>
                                        <th scope="col"><span class="sr-only">"Actions"</span></th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list
                                        .rows
                                        .into_iter()
                                        .map(|w| {
                                            let name = w.name.clone();
                                            let question = format!("Delete workgroup {name}?");
                                            view! {
                                                <tr>
                                                    <td>{w.name.clone()}{w.default.then_some(" (default)")}</td>
                                                    <td>{w.counts.mailbox}</td>
                                                    <td>{w.counts.forward}</td>
                                                    <td>{w.counts.filter}</td>
                                                    <td>{w.counts.deleted}</td>
                                                    <td>{w.counts.total}</td>
                                                    <td>
                                                        {can_manage
                                                            .then(|| {
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
                            <p class="hint">"A workgroup can be deleted when no account is in it, unless it is the domain's default workgroup (change the default in the settings first)."</p>
                            {can_manage
                                .then(|| {
                                    view! {
                                        <section class="panel" aria-labelledby="new-workgroup">
                                            <h2 id="new-workgroup">"New workgroup"</h2>
                                            {move || match create.value().get() {
                                                Some(Ok(())) => Some(view! { <div class="alert ok" role="status"><p>"Workgroup created."</p></div> }.into_any()),
                                                Some(Err(error)) => Some(view! { <ErrorNote error/> }.into_any()),
                                                None => None,
                                            }}
                                            <ActionForm action=create attr:class="row">
                                                <input type="hidden" name="domain" value=domain.get_untracked()/>
                                                <label>"Name" <input type="text" name="workgroup" required=true placeholder="sales"/></label>
                                                <button type="submit">"Create workgroup"</button>
                                            </ActionForm>
                                        </section>
                                    }
                                })}
                        }
                        .into_any()
                    }
                    Some(Err(error)) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Transition>
    }
}
