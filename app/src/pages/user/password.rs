//! The password tab: a new password typed twice, a strength hint as it is
//! typed, the rules the server applies, and on one's own account the
//! current password first.

use leptos::prelude::*;

use crate::api::account::set_password;
use crate::api::PortalError;
use crate::components::errors::ErrorNote;

/// The server's rules (spec "Password"), in words.
const RULES: &[&str] = &[
    "1 to 54 characters",
    "letters, digits and ~ ! @ # $ % ^ & * ( ) - _ = + / \\ [ { } ] : ; < > , . ' ?",
    "no spaces, no double quotes, no accented letters",
];

/// How hard a password is to guess, 0 (very weak) to 4, with a word for it.
/// A rough estimate from length and character variety: a hint, not a rule.
pub fn strength(password: &str) -> (u8, &'static str) {
    if password.is_empty() {
        return (0, "");
    }
    let has = |f: fn(&char) -> bool| password.chars().any(|c| f(&c));
    let pool = [
        (has(char::is_ascii_lowercase), 26.0),
        (has(char::is_ascii_uppercase), 26.0),
        (has(char::is_ascii_digit), 10.0),
        (has(|c| !c.is_ascii_alphanumeric()), 33.0),
    ]
    .iter()
    .filter(|(present, _)| *present)
    .map(|(_, size)| size)
    .sum::<f64>();
    let mut distinct: Vec<char> = password.chars().collect();
    distinct.sort_unstable();
    distinct.dedup();
    // Repeats add little: "aaaaaaaa" is not eight letters' worth.
    let length = password.chars().count().min(distinct.len() * 2) as f64;
    let common = ["password", "123456", "qwerty", "letmein", "welcome", "admin", "iloveyou"]
        .iter()
        .any(|w| password.to_ascii_lowercase().contains(w));
    let bits = if common { 0.0 } else { length * pool.log2() };
    match bits {
        b if b < 28.0 => (0, "Very weak"),
        b if b < 40.0 => (1, "Weak"),
        b if b < 60.0 => (2, "Fair"),
        b if b < 80.0 => (3, "Strong"),
        _ => (4, "Very strong"),
    }
}

#[component]
pub fn PasswordForm(user: String, asks_current: bool) -> impl IntoView {
    let set: Action<(String, String), Result<(), PortalError>> =
        Action::new(move |(current, new): &(String, String)| set_password(user.clone(), current.clone(), new.clone()));
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let mismatch = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(())) = set.value().get() {
            for s in [current, new, again] {
                s.set(String::new());
            }
        }
    });
    let hint = move |field: &'static str| {
        move || set.value().get().and_then(Result::err).and_then(|e| e.hints.get(field).cloned())
    };
    let measured = move || strength(&new.get());
    view! {
        <section class="panel" aria-labelledby="password-title">
            <h2 id="password-title">"Password"</h2>
            {move || match set.value().get() {
                Some(Ok(())) => Some(view! { <div class="alert ok" role="status"><p>"Password changed."</p></div> }.into_any()),
                Some(Err(error)) => Some(view! { <ErrorNote error/> }.into_any()),
                None => None,
            }}
            <form
                class="settings"
                aria-label="Change password"
                on:submit=move |ev| {
                    ev.prevent_default();
                    let differ = new.get_untracked() != again.get_untracked();
                    mismatch.set(differ);
                    if !differ {
                        set.dispatch((current.get_untracked(), new.get_untracked()));
                    }
                }
            >
                <div class="fields">
                    {asks_current.then(|| view! {
                        <div class="field">
                            <label for="current-password">"Current password"</label>
                            <input id="current-password" type="password" autocomplete="current-password" required=true
                                prop:value=move || current.get() on:input=move |ev| current.set(event_target_value(&ev))/>
                            <p class="field-hint">{hint("current_password")}</p>
                        </div>
                    })}
                    <div class="field">
                        <label for="new-password">"New password"</label>
                        <input id="new-password" type="password" autocomplete="new-password" required=true maxlength="54"
                            aria-describedby="password-strength password-rules"
                            prop:value=move || new.get() on:input=move |ev| new.set(event_target_value(&ev))/>
                        <p class="strength" id="password-strength" aria-live="polite">
                            <meter min="0" max="4" low="2" high="3" optimum="4" value=move || measured().0 aria-label="Password strength"></meter>
                            " "<span data-testid="strength">{move || measured().1}</span>
                        </p>
                        <p class="field-hint">{hint("password")}</p>
                    </div>
                    <div class="field">
                        <label for="again-password">"New password again"</label>
                        <input id="again-password" type="password" autocomplete="new-password" required=true
                            prop:value=move || again.get() on:input=move |ev| again.set(event_target_value(&ev))/>
                        <p class="field-hint" role=move || mismatch.get().then_some("alert")>
                            {move || mismatch.get().then_some("The two new passwords differ")}
                        </p>
                    </div>
                </div>
                <div class="hint" id="password-rules">
                    "Passwords here must have:"
                    <ul>{RULES.iter().map(|r| view! { <li>{*r}</li> }).collect_view()}</ul>
                </div>
                <div class="actions">
                    <button type="submit" disabled=move || set.pending().get()>"Change password"</button>
                </div>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::strength;

    #[test]
    fn strength_grows_with_length_and_variety() {
        assert_eq!(strength("").0, 0);
        assert_eq!(strength("abc").1, "Very weak");
        assert_eq!(strength("aaaaaaaaaaaaaaaa").1, "Very weak");
        assert_eq!(strength("Password123!").1, "Very weak");
        assert_eq!(strength("tulips").1, "Weak");
        assert_eq!(strength("tulips12").1, "Fair");
        assert_eq!(strength("tulip-Fence9").1, "Strong");
        assert_eq!(strength("correct-Horse-battery-st4ple").1, "Very strong");
    }
}
