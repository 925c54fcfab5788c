//! One company: settings (a form generated from get_company), its stats and
//! its change history.
//!
//! Resources are created at the top of the page, each fetching only while its
//! tab shows: created inside the tab switch, the server (which renders the
//! switch more than once) and the browser would number them differently.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::bulletins::Owner;
use crate::api::settings::{company_settings, save_company};
use crate::api::types::SettingsForm;
use crate::api::PortalError;
use crate::components::actions::{successes, while_active};
use crate::components::errors::ErrorNote;
use crate::components::history::{log_resource, ChangeLog};
use crate::components::layout::urlencode;
use crate::components::settings_form::{SaveAction, SettingsEditor};
use crate::components::stats::{StatsState, StatsTab};
use crate::pages::bulletins::{BulletinsState, BulletinsTab};

#[component]
pub fn CompanyPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let name = Memo::new(move |_| params.read().get("name").unwrap_or_default());
    let tab = Memo::new(move |_| query.read().get("tab").unwrap_or_default());
    let save: SaveAction = Action::new(move |changes: &serde_json::Map<String, serde_json::Value>| {
        save_company(name.get_untracked(), changes.clone())
    });
    let saved = successes(save);
    let on = move |t: &'static str| Memo::new(move |_| tab.get() == t);
    let on_settings = Memo::new(move |_| !matches!(tab.get().as_str(), "history" | "stats" | "bulletins"));
    let owner = Memo::new(move |_| Owner { kind: "company".into(), name: name.get() });
    let base_path = Memo::new(move |_| format!("/companies/{}", urlencode(&name.get())));
    let bulletins = BulletinsState::new(owner, base_path, on("bulletins"));
    let form = while_active(on_settings, move || (name.get(), saved.get()), |(n, _)| company_settings(n));
    let log = log_resource("company", name, on("history"));
    let stats = StatsState::new("company", name, on("stats"));
    let base = move || format!("/companies/{}", urlencode(&name.get()));
    let tab_link = move |t: &'static str, label: &'static str| {
        let href = move || if t.is_empty() { base() } else { format!("{}?tab={t}", base()) };
        let current = move || if t.is_empty() { on_settings.get() } else { tab.get() == t };
        view! { <a href=href aria-current=move || current().then_some("page")>{label}</a> }
    };
    view! {
        <Title text=move || name.get()/>
        <h1>{move || name.get()}</h1>
        <nav class="tabs" aria-label="Company">
            {tab_link("", "Settings")}
            {tab_link("bulletins", "Bulletins")}
            {tab_link("stats", "Stats")}
            {tab_link("history", "History")}
            <a href=move || format!("/domains?company={}", urlencode(&name.get()))>"Domains"</a>
        </nav>
        {move || match tab.get().as_str() {
            "history" => view! { <ChangeLog page=log base=format!("{}?tab=history", base())/> }.into_any(),
            "bulletins" => view! { <BulletinsTab state=bulletins/> }.into_any(),
            "stats" => view! { <StatsTab state=stats base=base()/> }.into_any(),
            _ => view! { <Settings form save/> }.into_any(),
        }}
    }
}

pub type FormResource = Resource<Option<Result<SettingsForm, PortalError>>>;

/// Facts and the settings form of a loaded form resource.
#[component]
pub fn Settings(form: FormResource, save: SaveAction) -> impl IntoView {
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match form.await {
                    Some(Ok(form)) => view! { <Facts facts=form.facts.clone()/> <SettingsEditor form save/> }.into_any(),
                    Some(Err(error)) => view! { <ErrorNote error/> }.into_any(),
                    None => ().into_any(),
                }
            })}
        </Transition>
    }
}

/// Read-only facts above a settings form.
#[component]
pub fn Facts(facts: Vec<(String, String)>) -> impl IntoView {
    view! {
        <dl class="facts">
            // One element per fact: a fragment of two per item does not hydrate.
            {facts.into_iter().map(|(k, v)| view! { <div><dt>{k}</dt><dd>{v}</dd></div> }).collect_view()}
        </dl>
    }
}
