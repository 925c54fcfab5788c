//! One account: its settings in sections (account, delivery, out of office,
//! aliases, allow/block, spam, services and quota, advanced), password, its
//! mail and deleted mail, its stats, rename, delete and history. Admins see every
//! attribute, read-only where they may not change it; a mailbox owner sees
//! only what it may change.

mod deleted;
mod history;
mod mail;
mod password;
mod sections;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use super::company::Facts;
use crate::api::account::{account_settings, rename_user, save_user};
use crate::api::types::UserAccount;
use crate::api::users::delete_user;
use crate::api::PortalError;
use crate::components::actions::{forget_on, successes};
use crate::components::confirm::ConfirmButton;
use crate::components::errors::ErrorNote;
use crate::components::history::log_resource;
use crate::components::layout::urlencode;
use crate::components::quota::QuotaBar;
use crate::components::settings_form::{SaveAction, SettingsEditor};
use crate::components::stats::{StatsState, StatsTab};
use deleted::{DeletedState, DeletedTab};
use history::{values_resource, History, ValuesResource};
use mail::{MailState, MailTab};
use password::PasswordForm;
use sections::{fields_of, present, SECTIONS};

#[component]
pub fn UserPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let name = Memo::new(move |_| params.read().get("name").unwrap_or_default());
    let tab = Memo::new(move |_| query.read().get("tab").unwrap_or_default());
    let attribute = Memo::new(move |_| query.read().get("attribute").filter(|a| !a.is_empty()));
    // Every resource of the page is made here (see pages::company).
    let save: SaveAction = Action::new(move |changes: &serde_json::Map<String, serde_json::Value>| {
        save_user(name.get_untracked(), changes.clone())
    });
    let saved = successes(save);
    let account = Resource::new(move || (name.get(), saved.get()), |(n, _)| account_settings(n));
    let log = log_resource("user", name, Memo::new(move |_| tab.get() == "history"));
    let on_history = Memo::new(move |_| if tab.get() == "history" { attribute.get() } else { None });
    let values = values_resource(name, on_history);
    let mail = MailState::new(name, query, Memo::new(move |_| tab.get() == "mail"));
    let deleted = DeletedState::new(name, query, Memo::new(move |_| tab.get() == "deleted"));
    // Mailbox owners see their own stats too, where the engine lets them.
    let stats = StatsState::new("user", name, Memo::new(move |_| tab.get() == "stats"));
    // A saved (or refused) section's message does not follow to the next tab.
    forget_on(tab, save);
    let domain = move || name.get().rsplit_once('@').map(|(_, d)| d.to_string()).unwrap_or_default();
    view! {
        <Title text=move || name.get()/>
        <h1>{move || name.get()}</h1>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match account.await {
                    Ok(account) => view! { <Account account name tab save attribute log values mail deleted stats domain=domain()/> }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Account(
    account: UserAccount,
    name: Memo<String>,
    tab: Memo<String>,
    save: SaveAction,
    attribute: Memo<Option<String>>,
    log: crate::components::history::LogResource,
    values: ValuesResource,
    mail: MailState,
    deleted: DeletedState,
    stats: StatsState,
    domain: String,
) -> impl IntoView {
    let base = format!("/users/{}", urlencode(&name.get_untracked()));
    let mut tabs: Vec<(&'static str, &'static str)> = present(&account.form).iter().map(|s| (s.key, s.label)).collect();
    if account.password {
        tabs.insert(1.min(tabs.len()), ("password", "Password"));
    }
    tabs.push(("mail", "Mail"));
    tabs.push(("deleted", "Deleted mail"));
    tabs.push(("stats", "Stats"));
    if account.may_rename {
        tabs.push(("rename", "Rename"));
    }
    tabs.push(("history", "History"));
    let link_base = base.clone();
    let tab_link = move |(t, label): (&'static str, &'static str)| {
        let href = if t.is_empty() { link_base.clone() } else { format!("{link_base}?tab={t}") };
        view! { <a href=href aria-current=move || (tab.get() == t).then_some("page")>{label}</a> }
    };
    let UserAccount { form, self_service, asks_current_password, may_delete, quota, .. } = account;
    let fields = form.fields.clone();
    let facts = form.facts.clone();
    view! {
        {(!self_service).then(|| view! {
            <p class="crumbs"><a href=format!("/users?domain={}", urlencode(&domain))>{format!("Users of {domain}")}</a></p>
        })}
        <Facts facts/>
        <div class="storage"><span>"Mail storage"</span><QuotaBar quota/></div>
        <nav class="tabs" aria-label="Account">{tabs.into_iter().map(tab_link).collect_view()}</nav>
        {move || match tab.get().as_str() {
            "password" => view! { <PasswordForm user=name.get_untracked() asks_current=asks_current_password/> }.into_any(),
            "rename" => view! { <Rename name/> }.into_any(),
            "mail" => view! { <MailTab state=mail/> }.into_any(),
            "deleted" => view! { <DeletedTab state=deleted/> }.into_any(),
            "stats" => view! { <StatsTab state=stats base=base.clone()/> }.into_any(),
            "history" => view! { <History base=base.clone() fields=fields.clone() attribute log values/> }.into_any(),
            key => {
                let key = if SECTIONS.iter().any(|s| s.key == key) { key.to_string() } else { String::new() };
                let section = SECTIONS.iter().find(|s| s.key == key);
                let intro = section.map(|s| s.intro).filter(|i| !i.is_empty());
                let label = section.map(|s| s.label).unwrap_or_default();
                let part = fields_of(&form, &key);
                view! {
                    <section class="panel" aria-label=label>
                        {intro.map(|i| view! { <p class="hint">{i}</p> })}
                        {if part.fields.is_empty() {
                            view! { <p class="empty">"Nothing here for you to change."</p> }.into_any()
                        } else {
                            view! { <SettingsEditor form=part save/> }.into_any()
                        }}
                    </section>
                    {(key.is_empty() && may_delete).then(|| view! { <Delete name domain=domain.clone()/> })}
                }
                .into_any()
            }
        }}
    }
}

/// Soft delete: no mail, no login; restorable from the deleted users list.
#[component]
fn Delete(name: Memo<String>, domain: String) -> impl IntoView {
    let delete: Action<String, Result<(), PortalError>> = Action::new(|user: &String| delete_user(user.clone()));
    let navigate = use_navigate();
    let back = format!("/users?domain={}", urlencode(&domain));
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            navigate(&back, Default::default());
        }
    });
    view! {
        <section class="panel danger-zone" aria-label="Delete account">
            {move || delete.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error/> })}
            <p class="hint">"A deleted account receives no mail and cannot sign in; it can be restored from the deleted users for 30 days."</p>
            <ConfirmButton
                label="Delete account".into()
                question="Delete this account?".into()
                confirm="Yes, delete".into()
                on_confirm=move || {
                    delete.dispatch(name.get_untracked());
                }
            />
        </section>
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
