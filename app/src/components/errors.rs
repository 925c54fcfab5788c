//! How a failed call shows in a page.

use leptos::prelude::*;

use crate::api::PortalError;

/// An alert with the error's message and its field hints.
#[component]
pub fn ErrorNote(error: PortalError) -> impl IntoView {
    let hints: Vec<(String, String)> = error.hints.clone().into_iter().collect();
    view! {
        <div class="alert error" role="alert">
            <p>{error.message.clone()}</p>
            {(!hints.is_empty())
                .then(|| {
                    view! {
                        <ul>
                            {hints
                                .into_iter()
                                .map(|(field, why)| view! { <li><strong>{field}</strong>": "{why}</li> })
                                .collect_view()}
                        </ul>
                    }
                })}
        </div>
    }
}
