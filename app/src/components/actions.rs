//! What lists and forms reload on.

use leptos::prelude::*;

/// Counts an action's successful completions. Lists and forms reload on this
/// count, not on the action's version (which also moves on a refusal): a
/// refused create or delete keeps the page as it is, with what was typed and
/// any open confirmation, next to the server's message.
pub fn successes<I, T, E>(action: Action<I, Result<T, E>>) -> RwSignal<u32>
where
    I: Send + Sync + 'static,
    T: Send + Sync + 'static,
    E: Send + Sync + 'static,
{
    let count = RwSignal::new(0u32);
    Effect::new(move |_| {
        if action.value().with(|v| matches!(v, Some(Ok(_)))) {
            count.update(|n| *n += 1);
        }
    });
    count
}
