//! A settings form generated from a [`SettingsForm`]: one input per attribute,
//! the inherited value as placeholder, read-only where the caller may not
//! change it, and the server's hints under the fields at fault. Saving sends
//! only what changed.

use leptos::prelude::*;
use serde_json::{Map, Value};

use super::errors::ErrorNote;
use crate::api::types::{Choice, Field, FieldKind, SettingsForm};
use crate::api::PortalError;

/// What saving does with the changed attributes.
pub type SaveAction = Action<Map<String, Value>, Result<(), PortalError>>;

#[component]
pub fn SettingsEditor(form: SettingsForm, save: SaveAction) -> impl IntoView {
    let editable = form.editable();
    let fields: Vec<(Field, RwSignal<String>, RwSignal<Vec<Contact>>)> = form
        .fields
        .into_iter()
        .map(|f| {
            let text = RwSignal::new(to_text(&f));
            let contacts = RwSignal::new(contacts_of(&f.value));
            (f, text, contacts)
        })
        .collect();
    let hints = move || match save.value().get() {
        Some(Err(e)) => e.hints,
        _ => Default::default(),
    };
    let stored = StoredValue::new(fields.clone());
    let local_error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut changes = Map::new();
        for (field, text, contacts) in stored.get_value() {
            // Untouched fields are not sent (a date shown as its day would
            // otherwise come back as that day's midnight).
            let untouched = field.kind != FieldKind::Contacts && text.get_untracked() == to_text(&field);
            if !field.settable || untouched {
                continue;
            }
            let value = match field.kind {
                FieldKind::Contacts => contacts_value(&contacts.get_untracked()),
                _ => match from_text(&field, &text.get_untracked()) {
                    Ok(v) => v,
                    Err(why) => {
                        local_error.set(Some(format!("{}: {why}", field.label)));
                        return;
                    }
                },
            };
            if value != field.value && !(value.is_null() && field.value == Value::Array(Vec::new())) {
                changes.insert(field.name.clone(), value);
            }
        }
        local_error.set(None);
        save.dispatch(changes);
    };
    view! {
        <form class="settings" on:submit=submit aria-label="Settings">
            {move || local_error.get().map(|m| view! { <div class="alert error" role="alert"><p>{m}</p></div> })}
            {move || match save.value().get() {
                Some(Ok(())) => Some(view! { <div class="alert ok" role="status"><p>"Settings saved."</p></div> }.into_any()),
                Some(Err(error)) => Some(view! { <ErrorNote error/> }.into_any()),
                None => None,
            }}
            <div class="fields">
                {fields
                    .into_iter()
                    .map(|(field, text, contacts)| {
                        let name = field.name.clone();
                        let hint = move || hints().get(&name).cloned();
                        view! { <FieldInput field text contacts hint=Signal::derive(hint)/> }
                    })
                    .collect_view()}
            </div>
            {editable
                .then(|| {
                    view! {
                        <div class="actions">
                            <button type="submit" disabled=move || save.pending().get()>"Save settings"</button>
                        </div>
                    }
                })}
        </form>
    }
}

#[component]
fn FieldInput(
    field: Field,
    text: RwSignal<String>,
    contacts: RwSignal<Vec<Contact>>,
    hint: Signal<Option<String>>,
) -> impl IntoView {
    let id = format!("attr-{}", field.name);
    let hint_id = format!("{id}-hint");
    let disabled = !field.settable;
    let placeholder = field.inherited.as_ref().map(|v| format!("inherited: {}", display(v))).unwrap_or_default();
    let control = match field.kind {
        FieldKind::TextArea | FieldKind::Lines => view! {
            <textarea
                id=id.clone()
                name=field.name.clone()
                rows=if field.kind == FieldKind::Lines { 3 } else { 4 }
                placeholder=if field.kind == FieldKind::Lines { "one per line".to_string() } else { placeholder.clone() }
                disabled=disabled
                aria-describedby=hint_id.clone()
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            >
                {text.get_untracked()}
            </textarea>
        }
        .into_any(),
        FieldKind::Select | FieldKind::Bool => {
            let choices = if field.kind == FieldKind::Bool { bool_choices(field.nullable, &field.inherited) } else { field.choices.clone() };
            view! {
                <select
                    id=id.clone()
                    name=field.name.clone()
                    disabled=disabled
                    aria-describedby=hint_id.clone()
                    prop:value=move || text.get()
                    on:change=move |ev| text.set(event_target_value(&ev))
                >
                    {choices
                        .into_iter()
                        .map(|c| {
                            let value = c.value.clone().unwrap_or_default();
                            let label = match (&c.value, &field.inherited) {
                                (None, Some(v)) => format!("(inherit: {})", display(v)),
                                _ => c.label.clone(),
                            };
                            let selected = text.get_untracked() == value;
                            view! { <option value=value selected=selected>{label}</option> }
                        })
                        .collect_view()}
                </select>
            }
            .into_any()
        }
        FieldKind::Contacts => view! { <ContactsEditor contacts disabled/> }.into_any(),
        FieldKind::Text | FieldKind::Number | FieldKind::Password | FieldKind::Date => view! {
            <input
                id=id.clone()
                name=field.name.clone()
                type=match field.kind {
                    FieldKind::Number => "number",
                    FieldKind::Password => "password",
                    FieldKind::Date => "date",
                    _ => "text",
                }
                placeholder=placeholder.clone()
                disabled=disabled
                aria-describedby=hint_id.clone()
                value=text.get_untracked()
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            />
        }
        .into_any(),
    };
    let label = field.label.clone();
    let name = field.name.clone();
    view! {
        <div class="field" class:invalid=move || hint.get().is_some() data-attribute=name.clone()>
            <label for=id.clone()>{label}" "<code class="attr">{name.clone()}</code></label>
            {control}
            <p class="field-hint" id=hint_id role=move || hint.get().map(|_| "alert")>{move || hint.get()}</p>
        </div>
    }
}

fn bool_choices(nullable: bool, inherited: &Option<Value>) -> Vec<Choice> {
    let mut choices = Vec::new();
    if nullable {
        let label =
            inherited.as_ref().map(|v| format!("(inherit: {})", display(v))).unwrap_or_else(|| "(not set)".into());
        choices.push(Choice { value: None, label });
    }
    choices.push(Choice { value: Some("true".into()), label: "yes".into() });
    choices.push(Choice { value: Some("false".into()), label: "no".into() });
    choices
}

/// A value as a person reads it.
pub fn display(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "yes".into(),
        Value::Bool(false) => "no".into(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn to_text(field: &Field) -> String {
    match (&field.value, field.kind) {
        // A password is typed anew or left alone; the masked value never round-trips.
        (Value::Null, _) | (_, FieldKind::Password) => String::new(),
        (Value::Array(items), _) => items.iter().map(display).collect::<Vec<_>>().join("\n"),
        (Value::Bool(b), _) => b.to_string(),
        (v, FieldKind::Date) => v.as_i64().map(super::time::day).unwrap_or_default(),
        (v, _) => display(v),
    }
}

/// The input's text as the attribute's value (empty: unset).
fn from_text(field: &Field, text: &str) -> Result<Value, &'static str> {
    let t = text.trim();
    Ok(match field.kind {
        FieldKind::Lines => Value::Array(t.lines().map(str::trim).filter(|l| !l.is_empty()).map(Value::from).collect()),
        _ if t.is_empty() => Value::Null,
        FieldKind::Number => Value::from(t.parse::<i64>().map_err(|_| "not a whole number")?),
        FieldKind::Date => Value::from(super::time::parse_day(t).ok_or("not a date (YYYY-MM-DD)")?),
        FieldKind::Bool => Value::Bool(t == "true"),
        FieldKind::TextArea => Value::from(text.to_string()),
        _ => Value::from(t.to_string()),
    })
}

/// One company contact as edited.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Contact {
    pub email: String,
    pub name: String,
    pub phone: String,
    pub notes: String,
    pub types: Vec<String>,
}

const CONTACT_TYPES: [&str; 5] = ["business", "technical", "emergency", "abuse", "billing"];

fn contacts_of(v: &Value) -> Vec<Contact> {
    let text = |c: &Value, k: &str| c.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
    v.as_array()
        .map(|items| {
            items
                .iter()
                .map(|c| Contact {
                    email: text(c, "email"),
                    name: text(c, "name"),
                    phone: text(c, "phone"),
                    notes: text(c, "notes"),
                    types: c
                        .get("types")
                        .and_then(Value::as_array)
                        .map(|t| t.iter().filter_map(|x| x.as_str().map(String::from)).collect())
                        .unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default()
}

fn contacts_value(list: &[Contact]) -> Value {
    Value::Array(
        list.iter()
            .filter(|c| !c.email.trim().is_empty() || !c.name.trim().is_empty())
            .map(|c| {
                let mut m = Map::new();
                m.insert("email".into(), c.email.trim().into());
                for (k, v) in [("name", &c.name), ("phone", &c.phone), ("notes", &c.notes)] {
                    if !v.trim().is_empty() {
                        m.insert(k.into(), v.trim().into());
                    }
                }
                m.insert("types".into(), Value::from(c.types.clone()));
                Value::Object(m)
            })
            .collect(),
    )
}

/// Contacts edited row by row.
#[component]
fn ContactsEditor(contacts: RwSignal<Vec<Contact>>, disabled: bool) -> impl IntoView {
    let edit = move |i: usize, f: fn(&mut Contact, String)| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            contacts.update(|list| {
                if let Some(c) = list.get_mut(i) {
                    f(c, value);
                }
            });
        }
    };
    // Rows are redrawn only when the count changes (the closure reads nothing
    // else), so typing does not rebuild (and unfocus) them.
    let count = Memo::new(move |_| contacts.with(Vec::len));
    let row = move |i: usize| {
        let get = move |f: fn(&Contact) -> String| move || contacts.with(|l| l.get(i).map(f).unwrap_or_default());
        view! {
            <fieldset class="contact" aria-label=format!("Contact {}", i + 1)>
                <input aria-label="Email" placeholder="email" disabled=disabled value=get(|c| c.email.clone())() prop:value=get(|c| c.email.clone()) on:input=edit(i, |c, v| c.email = v)/>
                <input aria-label="Name" placeholder="name" disabled=disabled value=get(|c| c.name.clone())() prop:value=get(|c| c.name.clone()) on:input=edit(i, |c, v| c.name = v)/>
                <input aria-label="Phone" placeholder="phone" disabled=disabled value=get(|c| c.phone.clone())() prop:value=get(|c| c.phone.clone()) on:input=edit(i, |c, v| c.phone = v)/>
                <input aria-label="Notes" placeholder="notes" disabled=disabled value=get(|c| c.notes.clone())() prop:value=get(|c| c.notes.clone()) on:input=edit(i, |c, v| c.notes = v)/>
                <span class="types">
                    {CONTACT_TYPES
                        .iter()
                        .map(|t| {
                            let t = t.to_string();
                            let t2 = t.clone();
                            let checked = move || contacts.with(|l| l.get(i).is_some_and(|c| c.types.contains(&t2)));
                            let t3 = t.clone();
                            view! {
                                <label class="check">
                                    <input
                                        type="checkbox"
                                        disabled=disabled
                                        prop:checked=checked
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            contacts.update(|l| {
                                                if let Some(c) = l.get_mut(i) {
                                                    c.types.retain(|x| x != &t3);
                                                    if on {
                                                        c.types.push(t3.clone());
                                                    }
                                                }
                                            });
                                        }
                                    />
                                    {t}
                                </label>
                            }
                        })
                        .collect_view()}
                </span>
                {(!disabled)
                    .then(|| {
                        view! {
                            <button type="button" class="link danger" on:click=move |_| contacts.update(|l| { if i < l.len() { l.remove(i); } })>
                                "Remove"
                            </button>
                        }
                    })}
            </fieldset>
        }
    };
    view! {
        <div class="contacts" role="group" aria-label="Contacts">
            {move || (0..count.get()).map(row).collect_view()}
            {(!disabled)
                .then(|| {
                    view! {
                        <button type="button" class="secondary" on:click=move |_| contacts.update(|l| l.push(Contact::default()))>
                            "Add contact"
                        </button>
                    }
                })}
        </div>
    }
}
