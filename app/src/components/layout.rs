//! The frame of every signed-in page: navigation for the caller's role, who is
//! signed in, sign-out. Sends the signed-out to the sign-in page.

use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect, A};
use leptos_router::hooks::use_location;

use super::errors::ErrorNote;
use crate::api::session::{whoami, Logout};
use crate::api::types::{role_label, Me};
use crate::api::PortalError;

/// The signed-in account, loaded once by the layout; pages read it with [`use_me`].
pub type MeResource = Resource<Result<Option<Me>, PortalError>>;

/// The layout's resource of who is signed in.
pub fn use_me() -> MeResource {
    expect_context::<MeResource>()
}

#[component]
pub fn Layout() -> impl IntoView {
    let me: MeResource = Resource::new(|| (), |_| whoami());
    provide_context(me);
    let location = use_location();
    // The page (Outlet) is not inside the header's Suspense: rendered there, the
    // server would build it more than once and number its resources
    // differently from the browser.
    view! {
        <Suspense fallback=|| view! { <header class="top"><a class="brand" href="/">"Postroom"</a></header> }>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(me)) => view! { <Header me/> }.into_any(),
                    Ok(None) => {
                        let here = location.pathname.get_untracked() + &location.search.get_untracked();
                        let next = if here == "/" { String::new() } else { format!("?next={}", urlencode(&here)) };
                        view! { <Redirect path=format!("/login{next}")/> }.into_any()
                    }
                    Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                }
            })}
        </Suspense>
        <main class="page">
            <Outlet/>
        </main>
    }
}

#[component]
fn Header(me: Me) -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    let role = me.role.as_deref().map(role_label).unwrap_or("Mailbox owner").to_string();
    let object = me.object.clone();
    view! {
        <header class="top">
            <a class="brand" href="/">"Postroom"</a>
            <nav aria-label="Main">
                <A href="/" exact=true>"Home"</A>
                {me.nav.companies.then(|| view! { <A href="/companies">"Companies"</A> })}
                {me.nav.company.clone().map(|c| view! { <A href=format!("/companies/{}", urlencode(&c))>"Company"</A> })}
                {me.nav.domains.then(|| view! { <A href="/domains">"Domains"</A> })}
                {me.nav.users.clone().map(|d| view! { <A href=format!("/users?domain={}", urlencode(&d))>"Users"</A> })}
                {me.nav.admins.then(|| view! { <A href="/admins">"Admins"</A> })}
                {me.nav.brands.then(|| view! { <A href="/brands">"Brands"</A> })}
                {me.nav.account.clone().map(|a| view! { <A href=format!("/users/{}", urlencode(&a))>"My account"</A> })}
            </nav>
            <div class="who">
                <span class="name" data-testid="who-name">{me.name.clone()}</span>
                <span class="role" data-testid="who-role">
                    {role}
                    {object.map(|o| format!(" · {o}"))}
                </span>
                <ActionForm action=logout attr:class="inline">
                    <button type="submit" class="link">"Sign out"</button>
                </ActionForm>
            </div>
        </header>
    }
}

/// Percent-encodes a path for a query parameter.
pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
