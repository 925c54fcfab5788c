//! Home: who is signed in, and what it controls.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::home::scope_summary;
use crate::api::types::{role_label, Me};
use crate::components::errors::ErrorNote;
use crate::components::layout::use_me;

#[component]
pub fn HomePage() -> impl IntoView {
    let me = use_me();
    let counts = Resource::new(|| (), |_| scope_summary());
    view! {
        <Title text="Home"/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let me: Option<Me> = me.await.ok().flatten();
                let greeting = me.as_ref().map(|m| m.name.clone()).unwrap_or_default();
                let described = match (me.as_ref().and_then(|m| m.role.clone()), me.as_ref().and_then(|m| m.object.clone())) {
                    (Some(r), Some(o)) => format!("{} of {o}", role_label(&r)),
                    (Some(r), None) => role_label(&r).to_string(),
                    (None, _) => "Mailbox owner".to_string(),
                };
                view! {
                    <h1>"Welcome, "{greeting}</h1>
                    <p class="lead" data-testid="home-role">{described}</p>
                }
            })}
        </Suspense>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match counts.await {
                    Ok(s) => view! {
                        <section class="cards" aria-label="Your scope">
                            <Card label="Companies" value=s.companies/>
                            <Card label="Domains" value=s.domains/>
                            <Card label="Users" value=s.users/>
                        </section>
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Card(label: &'static str, value: i64) -> impl IntoView {
    view! {
        <div class="card" role="group" aria-label=label>
            <span class="value">{value}</span>
            <span class="label">{label}</span>
        </div>
    }
}
