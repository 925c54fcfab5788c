//! Postroom's portal: pages and components (rendered on the server, hydrated
//! in the browser) and the server functions they call.
#![recursion_limit = "512"]

pub mod api;
pub mod components;
pub mod pages;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{path, SsrMode};

use components::layout::Layout;
use pages::{
    admins::AdminsPage, brands::BrandsPage, companies::CompaniesPage, company::CompanyPage, domain::DomainPage,
    domains::DomainsPage, home::HomePage, import::ImportPage, login::LoginPage, not_found::NotFound, user::UserPage,
    users::UsersPage,
};

/// The HTML document around the app (server side only).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="data:,"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Flips once the WASM runs: tests wait for it before clicking.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    view! {
        <Stylesheet id="postroom" href="/pkg/postroom.css"/>
        <Title formatter=|text: String| if text.is_empty() { "Postroom".to_string() } else { format!("{text} · Postroom") }/>
        <div id="app" data-hydrated=move || hydrated.get().to_string()>
            <Router>
                <Routes fallback=NotFound>
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                    <ParentRoute path=path!("") view=Layout ssr=SsrMode::Async>
                        <Route path=path!("") view=HomePage/>
                        <Route path=path!("admins") view=AdminsPage/>
                        <Route path=path!("companies") view=CompaniesPage/>
                        <Route path=path!("companies/:name") view=CompanyPage/>
                        <Route path=path!("domains") view=DomainsPage/>
                        <Route path=path!("domains/:name") view=DomainPage/>
                        <Route path=path!("brands") view=BrandsPage/>
                        <Route path=path!("users") view=UsersPage/>
                        <Route path=path!("users/:name") view=UserPage/>
                        <Route path=path!("import/users") view=ImportPage/>
                    </ParentRoute>
                </Routes>
            </Router>
        </div>
    }
}
