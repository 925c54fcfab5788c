//! The history tab: the account's change log, or every value one attribute
//! has had (`attribute` in the URL, so the view can be linked and read
//! without JavaScript).

use leptos::prelude::*;
use leptos_router::components::Form;

use crate::api::account::attribute_history;
use crate::api::types::{AttributeChange, Field};
use crate::api::PortalError;
use crate::components::errors::ErrorNote;
use crate::components::history::{ChangeLog, LogResource};
use crate::components::time::date;

pub type ValuesResource = Resource<Option<Result<Vec<AttributeChange>, PortalError>>>;

/// The values of `attribute` of `user`, fetched only while the tab shows one.
pub fn values_resource(user: Memo<String>, attribute: Memo<Option<String>>) -> ValuesResource {
    Resource::new(
        move || attribute.get().map(|a| (user.get(), a)),
        |key| async move {
            match key {
                Some((user, attribute)) => Some(attribute_history(user, attribute).await),
                None => None,
            }
        },
    )
}

/// The attributes whose history can be asked for: the form's, with the
/// delivery choice as the flags it stands for.
fn choices(fields: &[Field]) -> Vec<(String, String)> {
    let mut list: Vec<(String, String)> = fields
        .iter()
        .filter(|f| f.name != "delivery")
        .map(|f| (f.name.clone(), f.label.clone()))
        .chain([
            ("password".into(), "Password".into()),
            ("delivery_local".into(), "Delivery: kept in the mailbox".into()),
            ("delivery_forward".into(), "Delivery: forwarded".into()),
        ])
        .collect();
    list.sort_by(|a, b| a.1.cmp(&b.1));
    list
}

#[component]
pub fn History(
    base: String,
    fields: Vec<Field>,
    attribute: Memo<Option<String>>,
    log: LogResource,
    values: ValuesResource,
) -> impl IntoView {
    let current = attribute.get_untracked().unwrap_or_default();
    let options = choices(&fields);
    let label_of = {
        let list = options.clone();
        move |name: &str| list.iter().find(|(n, _)| n == name).map(|(_, l)| l.clone()).unwrap_or(name.to_string())
    };
    view! {
        <Form method="GET" action=base.clone() attr:class="filters" attr:aria-label="Choose history">
            <input type="hidden" name="tab" value="history"/>
            <label>
                "Show"
                <select name="attribute">
                    <option value="" selected=current.is_empty()>"Every change"</option>
                    {options
                        .into_iter()
                        .map(|(name, label)| {
                            let selected = name == current;
                            view! { <option value=name.clone() selected=selected>{format!("{label} ({name})")}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <button type="submit">"Show"</button>
        </Form>
        {move || match attribute.get() {
            None => view! { <ChangeLog page=log base=format!("{base}?tab=history")/> }.into_any(),
            Some(name) => {
                let label = label_of(&name);
                view! { <Values label values/> }.into_any()
            }
        }}
    }
}

#[component]
fn Values(label: String, values: ValuesResource) -> impl IntoView {
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || {
                let label = label.clone();
                Suspend::new(async move {
                    match values.await {
                        Some(Ok(rows)) if rows.is_empty() => {
                            view! { <p class="empty">{format!("{label} has not been changed since the account was created.")}</p> }.into_any()
                        }
                        Some(Ok(rows)) => view! {
                            <table class="grid" aria-label=format!("History of {label}")>
                                <thead>
                                    <tr><th scope="col">"Since"</th><th scope="col">"Value"</th></tr>
                                </thead>
                                <tbody>
                                    {rows
                                        .into_iter()
                                        .rev()
                                        .map(|r| {
                                            let shown = if r.value.is_empty() { "(not set)".to_string() } else { r.value };
                                            view! { <tr><td>{date(r.time)}</td><td class="value">{shown}</td></tr> }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        }
                        .into_any(),
                        Some(Err(error)) => view! { <ErrorNote error/> }.into_any(),
                        None => ().into_any(),
                    }
                })
            }}
        </Transition>
    }
}
