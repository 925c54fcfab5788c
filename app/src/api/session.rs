//! Signing in and out, and who is signed in.

use leptos::prelude::*;

use super::types::Me;
use super::PortalError;

/// Signs in with a user name and password; sets the session cookie and goes to
/// `next` (a local path) or home.
#[server(prefix = "/srv", endpoint = "login")]
pub async fn login(user: String, password: String, next: Option<String>) -> Result<(), PortalError> {
    use super::ssr::{engine, local_path, session_cookie, set_cookie};
    use engine::identity::credentials::{Purpose, Secret};
    let engine = engine()?;
    let creds = engine::Credentials { user, secret: Secret::Password(password), client: None };
    let caller = match engine.authenticate_credentials(&creds, Purpose::Portal).await {
        Ok(caller) => caller,
        // A plain HTML form post (no JavaScript) cannot show an error value:
        // send it back to the form with the reason in the URL.
        Err(e) if e.code() == engine::Code::InvalidCredentials && super::ssr::plain_form_post().await => {
            let next = local_path(next.as_deref());
            leptos_axum::redirect(&format!(
                "/login?error=credentials&next={}",
                crate::components::layout::urlencode(&next)
            ));
            return Ok(());
        }
        Err(e) => return Err(e.into()),
    };
    let token = engine.open_portal_session(&caller).await?;
    set_cookie(session_cookie(&token, engine::auth::portal::SESSION_SECONDS));
    leptos_axum::redirect(&local_path(next.as_deref()));
    Ok(())
}

/// Ends the session and goes to the sign-in page.
#[server(prefix = "/srv", endpoint = "logout")]
pub async fn logout() -> Result<(), PortalError> {
    use super::ssr::{engine, session_cookie, session_token, set_cookie};
    if let Some(token) = session_token().await {
        engine()?.close_portal_session(&token).await?;
    }
    set_cookie(session_cookie("", 0));
    leptos_axum::redirect("/login");
    Ok(())
}

/// The signed-in account, or None.
#[server(prefix = "/srv", endpoint = "whoami")]
pub async fn whoami() -> Result<Option<Me>, PortalError> {
    use super::types::Nav;
    use engine::Role;
    let caller = match super::ssr::caller().await {
        Ok(caller) => caller,
        Err(e) if e.is_signed_out() => return Ok(None),
        Err(e) => return Err(e),
    };
    let engine = super::ssr::engine()?;
    let object = match &caller.grant {
        Some(grant) => engine::admin::roles::object_name(engine.db(), grant).await?,
        None => None,
    };
    use engine::identity::role::Level;
    let role = caller.role();
    let sees = role.is_some_and(|r| r != Role::CompanyTokenOnly);
    let level = role.map(|r| r.level());
    let company = match (level, sees) {
        (Some(Level::Company), true) => object.clone(),
        _ => None,
    };
    let users = match (level, sees) {
        (Some(Level::Domain), true) => object.clone(),
        (Some(Level::Workgroup), true) => object.as_deref().and_then(|o| o.split('/').next()).map(String::from),
        _ => None,
    };
    let account = caller.home.domain_id.is_some().then(|| caller.name.clone());
    Ok(Some(Me {
        name: caller.name.clone(),
        role: role.map(|r| r.as_str().to_string()),
        object,
        nav: Nav {
            admins: sees,
            companies: level == Some(Level::Provider),
            company,
            domains: sees,
            brands: level == Some(Level::Provider),
            users,
            account,
        },
    }))
}
