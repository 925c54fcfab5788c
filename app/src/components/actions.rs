//! When lists and forms fetch, reload and forget.

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

/// A resource that fetches only while `active` (its tab shows): None
/// otherwise. Pages make every resource at their top, so that the server and
/// the browser number them alike (see pages::company), and let each fetch
/// only when it is on screen.
pub fn while_active<K, T, Fut>(
    active: Memo<bool>,
    key: impl Fn() -> K + Send + Sync + 'static,
    fetch: impl Fn(K) -> Fut + Send + Sync + Clone + 'static,
) -> Resource<Option<T>>
where
    K: Clone + PartialEq + Send + Sync + 'static,
    T: serde::Serialize + serde::de::DeserializeOwned + Send + Sync + 'static,
    Fut: std::future::Future<Output = T> + Send + 'static,
{
    Resource::new(
        move || active.get().then(&key),
        move |k| {
            let fetch = fetch.clone();
            async move {
                match k {
                    Some(k) => Some(fetch(k).await),
                    None => None,
                }
            }
        },
    )
}

/// Forgets an action's last result whenever `changed` changes: its message
/// does not follow to another tab, folder or page.
pub fn forget_on<K, I, O>(changed: Memo<K>, action: Action<I, O>)
where
    K: PartialEq + Send + Sync + 'static,
    I: Send + Sync + 'static,
    O: Send + Sync + 'static,
{
    Effect::new(move |_| {
        changed.track();
        action.value().set(None);
    });
}
