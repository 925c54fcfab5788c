//! Sign-in: user name and password, or a one-time sso token in the URL
//! (`/login?user=...&token=...`, handled by the server's `/sso`).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

use crate::api::session::Login;
use crate::components::errors::ErrorNote;
use crate::components::layout::urlencode;

#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let param = move |k: &str| query.read_untracked().get(k).filter(|v| !v.is_empty());
    if let (Some(user), Some(token)) = (param("user"), param("token")) {
        let path = format!("/sso?user={}&token={}", urlencode(&user), urlencode(&token));
        return view! { <Redirect path/> }.into_any();
    }
    let next = param("next").unwrap_or_default();
    let error = param("error");
    let sso_failed = error.as_deref() == Some("sso");
    let bad_password = error.as_deref() == Some("credentials");
    let login = ServerAction::<Login>::new();
    let pending = login.pending();
    view! {
        <Title text="Sign in"/>
        <main class="page narrow login">
            <h1>"Sign in to Postroom"</h1>
            {sso_failed
                .then(|| view! { <div class="alert error" role="alert"><p>"That sign-in link is not valid (any more)."</p></div> })}
            {bad_password.then(|| view! { <div class="alert error" role="alert"><p>"Wrong user name or password"</p></div> })}
            {move || login.value().get().and_then(|r| r.err()).map(|error| view! { <ErrorNote error/> })}
            <ActionForm action=login attr:class="stack">
                <label>
                    "User name"
                    <input type="text" name="user" autocomplete="username" required=true autofocus=true/>
                </label>
                <label>
                    "Password"
                    <input type="password" name="password" autocomplete="current-password" required=true/>
                </label>
                <input type="hidden" name="next" value=next/>
                <button type="submit" disabled=pending>"Sign in"</button>
            </ActionForm>
        </main>
    }
    .into_any()
}
