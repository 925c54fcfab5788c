//! One account: settings (a form generated from get_user: domain defaults and
//! inherited values shown, read-only where the caller may not change them),
//! rename, and its change history.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use super::company::{settings_resource, Settings};
use crate::api::users::{rename_user, save_user, user_settings};
use crate::api::PortalError;
use crate::components::actions::successes;
use crate::components::errors::ErrorNote;
use crate::components::history::{log_resource, ChangeLog};
use crate::components::layout::urlencode;
use crate::components::settings_form::SaveAction;

#[component]
pub fn UserPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let name = Memo::new(move |_| params.read().get("name").unwrap_or_default());
    let tab = Memo::new(move |_| query.read().get("tab").unwrap_or_default());
    // Every resource of the page is made here (see pages::company).
    let save: SaveAction = Action::new(move |changes: &serde_json::Map<String, serde_json::Value>| {
        save_user(name.get_untracked(), changes.clone())
    });
    let saved = successes(save);
    let on = move |t: &'static str| Memo::new(move |_| tab.get() == t);
    let form = settings_resource(on(""), move || (name.get(), saved.get()), |(n, _)| user_settings(n));
    let log = log_resource("user", name, on("history"));
    let base = move || format!("/users/{}", urlencode(&name.get()));
    let domain = move || name.get().rsplit_once('@').map(|(_, d)| d.to_string()).unwrap_or_default();
    let tab_link = move |t: &'static str, label: &'static str| {
        let href = move || if t.is_empty() { base() } else { format!("{}?tab={t}", base()) };
        view! { <a href=href aria-current=move || (tab.get() == t).then_some("page")>{label}</a> }
    };
    view! {
        <Title text=move || name.get()/>
        <p class="crumbs"><a href=move || format!("/users?domain={}", urlencode(&domain()))>{move || format!("Users of {}", domain())}</a></p>
        <h1>{move || name.get()}</h1>
        <nav class="tabs" aria-label="User">
            {tab_link("", "Settings")}
            {tab_link("rename", "Rename")}
            {tab_link("history", "History")}
        </nav>
        {move || match tab.get().as_str() {
            "history" => view! { <ChangeLog page=log base=format!("{}?tab=history", base())/> }.into_any(),
            "rename" => view! { <Rename name/> }.into_any(),
            _ => view! { <Settings form save/> }.into_any(),
        }}
    }
}

/// A new address in the same domain; settings, aliases and history follow.
#[component]
fn Rename(name: Memo<String>) -> impl IntoView {
    let rename: Action<String, Result<String, PortalError>> = Action::new(move |new: &String| {
        let (old, new) = (name.get_untracked(), new.clone());
        async move { rename_user(old, new.clone()).await.map(|()| new) }
    });
    let new_name = RwSignal::new(String::new());
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(new)) = rename.value().get() {
            navigate(&format!("/users/{}", urlencode(&new)), Default::default());
        }
    });
    view! {
        <section class="panel" aria-labelledby="rename">
            <h2 id="rename">"Rename"</h2>
            <p class="hint">"The new address must be in the same domain. Settings, aliases, roles and history move with the account."</p>
            {move || rename.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error/> })}
            <form
                class="row"
                on:submit=move |ev| {
                    ev.prevent_default();
                    rename.dispatch(new_name.get_untracked());
                }
            >
                <label>"New address" <input type="text" name="new_name" required=true prop:value=move || new_name.get() on:input=move |ev| new_name.set(event_target_value(&ev))/></label>
                <button type="submit">"Rename"</button>
            </form>
        </section>
    }
}
