//! Restoring a deleted domain or account: under its old name, or a new one.

use leptos::prelude::*;

use crate::api::PortalError;

/// (old name, id from the deleted list, new name) → the restore call.
pub type Restore = Action<(String, String, String), Result<(), PortalError>>;

/// The restore form of one deleted row, prefilled with the old name.
#[component]
pub fn RestoreForm(name: String, id: String, restore: Restore) -> impl IntoView {
    let new_name = RwSignal::new(name.clone());
    let label = format!("New name for {name}");
    view! {
        <form
            class="inline"
            on:submit=move |ev| {
                ev.prevent_default();
                restore.dispatch((name.clone(), id.clone(), new_name.get_untracked()));
            }
        >
            <input type="text" aria-label=label prop:value=move || new_name.get() on:input=move |ev| new_name.set(event_target_value(&ev))/>
            <button type="submit" class="secondary">"Restore"</button>
        </form>
    }
}
