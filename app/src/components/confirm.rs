//! A destructive button that asks once more before it acts.

use leptos::prelude::*;

/// Shows `label`; a click turns it into "`question` [confirm] [Cancel]", and
/// only the confirm button calls `on_confirm`.
#[component]
pub fn ConfirmButton(
    label: String,
    question: String,
    confirm: String,
    on_confirm: impl Fn() + Send + Sync + 'static,
) -> impl IntoView {
    let asking = RwSignal::new(false);
    let label2 = label.clone();
    let on_confirm = StoredValue::new(on_confirm);
    view! {
        <Show
            when=move || asking.get()
            fallback=move || {
                let label = label2.clone();
                view! { <button type="button" class="link danger" on:click=move |_| asking.set(true)>{label}</button> }
            }
        >
            <span class="confirm" role="group" aria-label=question.clone()>
                <span>{question.clone()}</span>
                <button
                    type="button"
                    class="danger"
                    on:click=move |_| {
                        asking.set(false);
                        on_confirm.with_value(|f| f());
                    }
                >
                    {confirm.clone()}
                </button>
                <button type="button" class="link" on:click=move |_| asking.set(false)>"Cancel"</button>
            </span>
        </Show>
    }
}
