//! Rows picked with check boxes for an action on all of them at once.

use std::collections::BTreeSet;

use leptos::prelude::*;

/// The keys of the selected rows.
pub type Selection = RwSignal<BTreeSet<String>>;

/// The header cell whose box selects every row of the page (or none).
#[component]
pub fn SelectAllCell(keys: Vec<String>, selected: Selection) -> impl IntoView {
    view! {
        <th scope="col">
            <input
                type="checkbox"
                aria-label="Select all on this page"
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    selected.set(if on { keys.iter().cloned().collect() } else { Default::default() });
                }
            />
        </th>
    }
}

/// A row's selection box; `label` names the row for people ("Select jane@example.com").
#[component]
pub fn SelectCell(key: String, label: String, selected: Selection) -> impl IntoView {
    let k = key.clone();
    view! {
        <td>
            <input
                type="checkbox"
                aria-label=label
                prop:checked=move || selected.read().contains(&k)
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    selected.update(|s| {
                        if on {
                            s.insert(key.clone());
                        } else {
                            s.remove(&key);
                        }
                    });
                }
            />
        </td>
    }
}

/// The actions on the selected rows, after how many are selected.
#[component]
pub fn SelectionBar(selected: Selection, label: &'static str, children: Children) -> impl IntoView {
    view! {
        <section class="bulk row" aria-label=label>
            <span>{move || format!("{} selected", selected.read().len())}</span>
            {children()}
        </section>
    }
}

/// The selected ones of `items` (key, label), in the page's order.
pub fn chosen(items: &[(String, String)], selected: Selection) -> Vec<(String, String)> {
    selected.with_untracked(|s| items.iter().filter(|(key, _)| s.contains(key)).cloned().collect())
}
