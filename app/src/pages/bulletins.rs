//! The Bulletins tab of a company or a domain: the list (auto/manual, when
//! last sent, delivered of total with a live bar while a post runs) and the
//! editor (`?tab=bulletins&edit=<type>:<name>`, or `&edit=new`) with a preview
//! rendered for a chosen recipient as the text is typed, a test send, the
//! post to everyone and delete.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::bulletins::{
    bulletin_text, delete_bulletin, list_bulletins, preview_bulletin, save_bulletin, send_bulletin, BulletinList,
    BulletinRow, Owner,
};
use crate::api::PortalError;
use crate::components::actions::{successes, while_active};
use crate::components::confirm::ConfirmButton;
use crate::components::errors::ErrorNote;
use crate::components::layout::urlencode;
use crate::components::time::date;

const EXAMPLE: &str = "From: Your Name <you@example.com>\nSubject: Hello {'name'}\n\n\
                       Dear {'title'} {'name'},\n\nYour address is {'account'}.\n";

type ListResource = Resource<Option<Result<BulletinList, PortalError>>>;
type TextResource = Resource<Option<Result<String, PortalError>>>;
/// (name, kind, text)
type SaveAction = Action<(String, String, String), Result<(), PortalError>>;
/// (name, kind, test address or None for everyone)
type SendAction = Action<(String, String, Option<String>), Result<(), PortalError>>;

/// What the tab needs, made at the top of its page (see pages::company).
#[derive(Clone, Copy)]
pub struct BulletinsState {
    owner: Memo<Owner>,
    base: Memo<String>,
    /// `edit=` of the URL: "" (the list), "new", or "<type>:<name>".
    edit: Memo<String>,
    list: ListResource,
    /// The list as the editor opened (who may write): not refetched while a
    /// post runs, so the form is rendered once, alike on server and browser.
    access: ListResource,
    text: TextResource,
    save: SaveAction,
    send: SendAction,
    delete: Action<(String, String), Result<(), PortalError>>,
}

impl BulletinsState {
    pub fn new(owner: Memo<Owner>, base: Memo<String>, active: Memo<bool>) -> BulletinsState {
        let query = use_query_map();
        let edit = Memo::new(move |_| query.read().get("edit").unwrap_or_default());
        let save: SaveAction = Action::new(move |(name, kind, text): &(String, String, String)| {
            save_bulletin(owner.get_untracked(), name.clone(), kind.clone(), text.clone())
        });
        let send: SendAction = Action::new(move |(name, kind, to): &(String, String, Option<String>)| {
            send_bulletin(owner.get_untracked(), name.clone(), kind.clone(), to.clone())
        });
        let delete = Action::new(move |(name, kind): &(String, String)| {
            delete_bulletin(owner.get_untracked(), name.clone(), kind.clone())
        });
        let (saved, sent, deleted) = (successes(save), successes(send), successes(delete));
        let tick = RwSignal::new(0u32);
        let list = while_active(
            active,
            move || (owner.get(), saved.get(), sent.get(), deleted.get(), tick.get()),
            |(o, ..)| list_bulletins(o),
        );
        // While a post runs, ask again for its progress.
        Effect::new(move |_| {
            let posting =
                list.get().flatten().and_then(Result::ok).is_some_and(|l| l.rows.iter().any(BulletinRow::posting));
            if posting {
                // The page may be gone by then: try_, not a panic.
                set_timeout(move || _ = tick.try_update(|n| *n += 1), Duration::from_millis(400));
            }
        });
        let in_editor = Memo::new(move |_| active.get() && !edit.get().is_empty());
        let access = while_active(in_editor, move || (owner.get(), edit.get()), |(o, _)| list_bulletins(o));
        let editing = Memo::new(move |_| active.get() && edit.get().contains(':'));
        let text = while_active(
            editing,
            move || (owner.get(), edit.get()),
            |(o, e)| {
                let (kind, name) = e.split_once(':').map(|(k, n)| (k.to_string(), n.to_string())).unwrap_or_default();
                bulletin_text(o, name, kind)
            },
        );
        BulletinsState { owner, base, edit, list, access, text, save, send, delete }
    }
}

#[component]
pub fn BulletinsTab(state: BulletinsState) -> impl IntoView {
    let edit = state.edit;
    view! {
        <Show when=move || edit.get().is_empty() fallback=move || view! { <Editor state/> }>
            <List state/>
        </Show>
    }
}

fn edit_link(base: &str, row: &BulletinRow) -> String {
    format!("{base}?tab=bulletins&edit={}:{}", row.kind, urlencode(&row.name))
}

#[component]
fn List(state: BulletinsState) -> impl IntoView {
    let base = state.base;
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match state.list.await {
                    Some(Ok(list)) => {
                        let empty = list.rows.is_empty();
                        view! {
                            <p class="hint">
                                "A bulletin is an e-mail message delivered into every mailbox: "
                                <strong>"auto"</strong>" ones to each new account when it is created, "
                                <strong>"manual"</strong>" ones when you post them."
                            </p>
                            {list.can_change.then(|| view! {
                                <p><a class="button" href=move || format!("{}?tab=bulletins&edit=new", base.get())>"New bulletin"</a></p>
                            })}
                            {if empty {
                                view! { <p class="empty">"No bulletins yet."</p> }.into_any()
                            } else {
                                view! {
                                    <table class="grid" aria-label="Bulletins">
                                        <thead><tr><th>"Name"</th><th>"Type"</th><th>"Last sent"</th><th>"Delivered"</th></tr></thead>
                                        <tbody>
                                            {list.rows.into_iter().map(|row| view! { <Row row base=base.get_untracked()/> }).collect_view()}
                                        </tbody>
                                    </table>
                                }.into_any()
                            }}
                        }.into_any()
                    }
                    Some(Err(error)) => view! { <ErrorNote error/> }.into_any(),
                    None => ().into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Row(row: BulletinRow, base: String) -> impl IntoView {
    let href = edit_link(&base, &row);
    let last = row.last.map(date).unwrap_or_else(|| "never".into());
    view! {
        <tr data-bulletin=format!("{}:{}", row.kind, row.name)>
            <td><a href=href>{row.name.clone()}</a></td>
            <td>{row.kind.clone()}</td>
            <td>{last}</td>
            <td><Delivered count=row.count total=row.total/></td>
        </tr>
    }
}

/// "12 of 15" with a bar; "posting…" while it runs.
#[component]
fn Delivered(count: i64, total: i64) -> impl IntoView {
    let label = if count < total { format!("{count} of {total} (posting…)") } else { format!("{count} of {total}") };
    view! {
        <span class="delivered">
            <progress max=total.max(1) value=count aria-label=format!("Delivered {count} of {total}")></progress>
            " "<span class="count">{label}</span>
        </span>
    }
}

#[component]
fn Editor(state: BulletinsState) -> impl IntoView {
    let base = state.base;
    view! {
        <p><a href=move || format!("{}?tab=bulletins", base.get())>"← All bulletins"</a></p>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            // Only the text is awaited here: the list refetches while a post
            // runs, and awaiting it would make the form anew each time.
            {move || Suspend::new(async move {
                let (access, text) = (state.access.await, state.text.await);
                let can_change = matches!(&access, Some(Ok(list)) if list.can_change);
                match (access, text) {
                    (Some(Err(error)), _) | (_, Some(Err(error))) => view! { <ErrorNote error/> }.into_any(),
                    (_, Some(Ok(text))) => view! { <Form state can_change initial=text/> }.into_any(),
                    (_, None) if state.edit.get_untracked() == "new" => {
                        view! { <Form state can_change initial=EXAMPLE.to_string()/> }.into_any()
                    }
                    _ => ().into_any(),
                }
            })}
        </Transition>
    }
}

/// The editor's form, preview and send panel, filled with `initial`.
#[component]
fn Form(state: BulletinsState, can_change: bool, initial: String) -> impl IntoView {
    let BulletinsState { owner, base, edit, list, save, send, delete, .. } = state;
    // Fixed for this form (a form is made anew for each bulletin): nothing in
    // it follows the URL, which would run its closures while the tab removes it.
    let editing = edit.get_untracked();
    let new_one = editing == "new";
    let is_new = move || new_one;
    let opened = StoredValue::new(editing.split_once(':').map(|(k, n)| (k.to_string(), n.to_string())));
    let current = move || opened.get_value();
    let (first_kind, first_name) = current().unwrap_or_else(|| ("manual".into(), String::new()));
    let name = RwSignal::new(first_name.clone());
    let kind = RwSignal::new(first_kind.clone());
    let body = RwSignal::new(initial.clone());
    let recipient = RwSignal::new(String::new());
    let test_to = RwSignal::new(String::new());
    if edit.get_untracked() == "new" {
        // A save of an earlier new bulletin must not move this form on.
        save.value().set(None);
    }
    delete.value().set(None);
    // The preview follows the text and the recipient (after a pause in typing).
    let preview =
        Action::new(move |(t, r): &(String, String)| preview_bulletin(owner.get_untracked(), t.clone(), r.clone()));
    let typed = RwSignal::new(0u32);
    Effect::new(move |_| {
        let (t, r) = (body.get(), recipient.get());
        let mark = typed.get_untracked() + 1;
        typed.set(mark);
        if !r.trim().is_empty() && !t.trim().is_empty() {
            set_timeout(
                move || {
                    // The form may be gone by then (try_: no panic).
                    if typed.try_get_untracked() == Some(mark) {
                        preview.dispatch((t, r));
                    }
                },
                Duration::from_millis(250),
            );
        }
    });
    // After saving a new one, edit it under its name.
    let navigate = use_navigate();
    let saved = successes(save);
    Effect::new(move |_| {
        if saved.get() > 0 && edit.get_untracked() == "new" {
            navigate(
                &format!(
                    "{}?tab=bulletins&edit={}:{}",
                    base.get_untracked(),
                    kind.get_untracked(),
                    urlencode(&name.get_untracked())
                ),
                Default::default(),
            );
        }
    });
    let progress = move || {
        let (k, n) = current()?;
        list.get().flatten().and_then(Result::ok)?.rows.into_iter().find(|r| r.kind == k && r.name == n)
    };
    let on_save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch((name.get_untracked(), kind.get_untracked(), body.get_untracked()));
    };
    view! {
        <h2>{move || if is_new() { "New bulletin".to_string() } else { format!("Bulletin “{}”", name.get()) }}</h2>
        <div class="bulletin-editor">
            <form class="panel" on:submit=on_save aria-label="Bulletin">
                <label>"Name"
                    <input name="bulletin" required value=first_name prop:value=move || name.get() readonly=move || !is_new()
                        on:input=move |ev| name.set(event_target_value(&ev))/>
                </label>
                <label>"Type"
                    <select name="type" disabled=move || !is_new() on:change=move |ev| kind.set(event_target_value(&ev))>
                        <option value="manual" selected=first_kind == "manual">"manual — sent when posted"</option>
                        <option value="auto" selected=first_kind == "auto">"auto — sent to each new account"</option>
                    </select>
                </label>
                <label>"Message (headers, a blank line, the text)"
                    <textarea name="bulletin_text" rows="14" spellcheck="false" prop:value=move || body.get()
                        on:input=move |ev| body.set(event_target_value(&ev))>{initial}</textarea>
                </label>
                <p class="hint">
                    "A From and a Subject header are needed. "
                    "{'account'}, {'domain'}, {'name'} and {'title'} are filled in for each recipient; "
                    "a Date and a Message-ID are added."
                </p>
                {can_change.then(|| view! { <button type="submit" disabled=move || save.pending().get()>"Save"</button> })}
                {move || save.value().get().map(|r| match r {
                    Ok(()) => view! { <p role="status" class="ok">"Saved."</p> }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                })}
            </form>
            <section class="panel" aria-labelledby="preview-title">
                <h3 id="preview-title">"Preview"</h3>
                <label>"As received by"
                    <input type="email" name="recipient" placeholder="someone@example.com" prop:value=move || recipient.get()
                        on:input=move |ev| recipient.set(event_target_value(&ev))/>
                </label>
                {move || match preview.value().get() {
                    Some(Ok(message)) => view! { <pre class="message-preview" data-testid="preview">{message}</pre> }.into_any(),
                    Some(Err(error)) => view! { <ErrorNote error/> }.into_any(),
                    None => view! { <p class="hint">"Type an account's address to see the message as it will receive it."</p> }.into_any(),
                }}
            </section>
        </div>
        {(!is_new() && can_change).then(|| view! {
            <section class="panel" aria-labelledby="send-title">
                <h3 id="send-title">"Send"</h3>
                <div class="row">
                    <label>"Test address"
                        <input type="email" name="test_email" prop:value=move || test_to.get()
                            on:input=move |ev| test_to.set(event_target_value(&ev))/>
                    </label>
                    <button type="button" class="secondary" disabled=move || send.pending().get()
                        on:click=move |_| { send.dispatch((name.get_untracked(), kind.get_untracked(), Some(test_to.get_untracked()))); }>
                        "Send test"
                    </button>
                </div>
                <ConfirmButton
                    label="Post to everyone".into()
                    question="Deliver this bulletin to every mailbox now?".into()
                    confirm="Post".into()
                    on_confirm=move || { send.dispatch((name.get_untracked(), kind.get_untracked(), None)); }
                />
                {move || send.value().get().map(|r| match r {
                    Ok(()) => view! { <p role="status" class="ok">"Sent."</p> }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                })}
                {move || progress().map(|row| view! {
                    <p data-testid="progress">"Last post: "<Delivered count=row.count total=row.total/></p>
                })}
                <p>
                    <ConfirmButton
                        label="Delete bulletin".into()
                        question="Delete this bulletin? A post in progress stops.".into()
                        confirm="Delete".into()
                        on_confirm=move || { delete.dispatch((name.get_untracked(), kind.get_untracked())); }
                    />
                </p>
                {move || delete.value().get().map(|r| match r {
                    Ok(()) => view! {
                        <p role="status" class="ok">"Deleted. "<a href=move || format!("{}?tab=bulletins", base.get())>"Back to all bulletins"</a></p>
                    }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                })}
            </section>
        })}
    }
}
