//! The OMA method table: method name → engine function, with the request parsing
//! and credential checking every method shares. The HTTP envelope (status codes,
//! `success`, `audit`) is the server's; this module speaks JSON values.

pub mod lenient;
pub mod search;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{Code, Error, Result};
use crate::identity::credentials::Purpose;
use crate::identity::Credentials;
use crate::{admin, auth, brand, bulletin, company, domain, mailstore, stats, user, workgroup, Ctx, Engine};

/// The methods this server implements. Others answer HTTP 404 until an issue
/// implements them.
pub const METHODS: &[&str] = &[
    "authenticate",
    "change_brand",
    "change_company",
    "change_company_bulletin",
    "change_domain",
    "change_domain_bulletin",
    "change_user",
    "create_workgroup",
    "delete_brand",
    "delete_company",
    "delete_domain",
    "delete_user",
    "delete_workgroup",
    "echo",
    "get_deleted_messages",
    "generate_token",
    "get_company",
    "get_company_bulletin",
    "get_company_changes",
    "get_domain",
    "get_domain_bulletin",
    "get_domain_changes",
    "get_user",
    "get_user_attribute_history",
    "get_user_changes",
    "get_user_folders",
    "get_user_messages",
    "logout_user",
    "move_user_messages",
    "post_company_bulletin",
    "post_domain_bulletin",
    "reindex",
    "rename_user",
    "restore_deleted_messages",
    "restore_domain",
    "restore_user",
    "search_admins",
    "search_brand_members",
    "search_brands",
    "search_companies",
    "search_domains",
    "search_users",
    "search_workgroups",
    "set_role",
    "stats_list",
    "stats_snapshot",
    "stats_summary",
    "user_notify",
];

pub fn is_method(name: &str) -> bool {
    METHODS.contains(&name)
}

/// What a method answers.
#[derive(Debug)]
pub enum Answer {
    /// `echo`: the body as received, without envelope.
    Verbatim(Value),
    /// The fields after `"success": true`.
    Fields(Map<String, Value>),
}

/// Runs one OMA method. `application` is what the change log records when the
/// client names none.
pub async fn call(engine: &Engine, method: &str, body: Map<String, Value>, application: &str) -> Result<Answer> {
    if method == "echo" {
        return Ok(Answer::Verbatim(auth::echo::echo(body)));
    }
    if !is_method(method) {
        return Err(Error::Internal(format!("no such method {method}")));
    }
    let creds = Credentials::from_request(&body)?;
    let caller = engine.authenticate_credentials(&creds, Purpose::Oma).await?;
    let ctx = Ctx::new(caller, creds.client.clone().unwrap_or_else(|| application.to_string()));
    let fields = match method {
        "authenticate" => reply(auth::authenticate::authenticate(engine, &ctx, parse(body)?).await?),
        "change_brand" => reply(brand::change_brand::change_brand(engine, &ctx, parse(body)?).await?),
        "change_domain" => reply(domain::change_domain::change_domain(engine, &ctx, parse(body)?).await?),
        "create_workgroup" => reply(workgroup::create_workgroup::create_workgroup(engine, &ctx, parse(body)?).await?),
        "delete_brand" => reply(brand::delete_brand::delete_brand(engine, &ctx, parse(body)?).await?),
        "delete_domain" => reply(domain::delete_domain::delete_domain(engine, &ctx, parse(body)?).await?),
        "delete_workgroup" => reply(workgroup::delete_workgroup::delete_workgroup(engine, &ctx, parse(body)?).await?),
        "get_company" => reply(company::get_company::get_company(engine, &ctx, parse(body)?).await?),
        "get_company_changes" => {
            reply(company::get_company_changes::get_company_changes(engine, &ctx, parse(body)?).await?)
        }
        "get_domain" => reply(domain::get_domain::get_domain(engine, &ctx, parse(body)?).await?),
        "get_domain_changes" => {
            reply(domain::get_domain_changes::get_domain_changes(engine, &ctx, parse(body)?).await?)
        }
        "restore_domain" => reply(domain::restore_domain::restore_domain(engine, &ctx, parse(body)?).await?),
        "search_brand_members" => {
            reply(brand::search_brand_members::search_brand_members(engine, &ctx, parse(body)?).await?)
        }
        "search_brands" => reply(brand::search_brands::search_brands(engine, &ctx, parse(body)?).await?),
        "search_domains" => reply(domain::search_domains::search_domains(engine, &ctx, parse(body)?).await?),
        "search_workgroups" => {
            reply(workgroup::search_workgroups::search_workgroups(engine, &ctx, parse(body)?).await?)
        }
        "change_company" => reply(company::change_company::change_company(engine, &ctx, parse(body)?).await?),
        "delete_company" => reply(company::delete_company::delete_company(engine, &ctx, parse(body)?).await?),
        "generate_token" => reply(auth::generate_token::generate_token(engine, &ctx, parse(body)?).await?),
        "logout_user" => reply(auth::logout_user::logout_user(engine, &ctx, parse(body)?).await?),
        "search_admins" => reply(admin::search_admins::search_admins(engine, &ctx, parse(body)?).await?),
        "search_companies" => reply(company::search_companies::search_companies(engine, &ctx, parse(body)?).await?),
        "set_role" => reply(admin::set_role::set_role(engine, &ctx, parse(body)?).await?),
        "stats_list" => reply(stats::stats_list::stats_list(engine, &ctx, parse(body)?).await?),
        "stats_snapshot" => reply(stats::stats_snapshot::stats_snapshot(engine, &ctx, parse(body)?).await?),
        "stats_summary" => reply(stats::stats_summary::stats_summary(engine, &ctx, parse(body)?).await?),
        "change_user" => reply(user::change_user::change_user(engine, &ctx, parse(body)?).await?),
        "delete_user" => reply(user::delete_user::delete_user(engine, &ctx, parse(body)?).await?),
        "get_user" => reply(user::get_user::get_user(engine, &ctx, parse(body)?).await?),
        "get_user_changes" => reply(user::get_user_changes::get_user_changes(engine, &ctx, parse(body)?).await?),
        "get_user_attribute_history" => {
            reply(user::get_user_attribute_history::get_user_attribute_history(engine, &ctx, parse(body)?).await?)
        }
        "rename_user" => reply(user::rename_user::rename_user(engine, &ctx, parse(body)?).await?),
        "restore_user" => reply(user::restore_user::restore_user(engine, &ctx, parse(body)?).await?),
        "search_users" => reply(user::search_users::search_users(engine, &ctx, parse(body)?).await?),
        "get_user_folders" => reply(mailstore::get_user_folders::get_user_folders(engine, &ctx, parse(body)?).await?),
        "get_user_messages" => {
            reply(mailstore::get_user_messages::get_user_messages(engine, &ctx, parse(body)?).await?)
        }
        "move_user_messages" => {
            reply(mailstore::move_user_messages::move_user_messages(engine, &ctx, parse(body)?).await?)
        }
        "reindex" => reply(mailstore::reindex::reindex(engine, &ctx, parse(body)?).await?),
        "user_notify" => reply(mailstore::user_notify::user_notify(engine, &ctx, parse(body)?).await?),
        "get_deleted_messages" => {
            reply(mailstore::get_deleted_messages::get_deleted_messages(engine, &ctx, parse(body)?).await?)
        }
        "restore_deleted_messages" => {
            reply(mailstore::restore_deleted_messages::restore_deleted_messages(engine, &ctx, parse(body)?).await?)
        }
        "change_company_bulletin" => {
            reply(bulletin::change::change_company_bulletin(engine, &ctx, parse(body)?).await?)
        }
        "change_domain_bulletin" => reply(bulletin::change::change_domain_bulletin(engine, &ctx, parse(body)?).await?),
        "get_company_bulletin" => reply(bulletin::get::get_company_bulletin(engine, &ctx, parse(body)?).await?),
        "get_domain_bulletin" => reply(bulletin::get::get_domain_bulletin(engine, &ctx, parse(body)?).await?),
        "post_company_bulletin" => reply(bulletin::post::post_company_bulletin(engine, &ctx, parse(body)?).await?),
        "post_domain_bulletin" => reply(bulletin::post::post_domain_bulletin(engine, &ctx, parse(body)?).await?),
        _ => return Err(Error::Internal(format!("method {method} listed but not dispatched"))),
    }?;
    Ok(Answer::Fields(fields))
}

/// Reads a request into its typed form: a missing required field or a field of
/// the wrong type is error 5. Unknown keys are ignored.
pub fn parse<T: DeserializeOwned>(body: Map<String, Value>) -> Result<T> {
    serde_json::from_value(Value::Object(body)).map_err(|_| Code::BadRequest.into())
}

/// A typed response as the fields of the envelope.
pub fn reply<T: Serialize>(response: T) -> Result<Map<String, Value>> {
    match serde_json::to_value(response) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(Error::Internal("a method response must be an object".into())),
        Err(e) => Err(Error::Internal(format!("serializing a response: {e}"))),
    }
}

/// An empty success (`{"success":true}` on the wire).
#[derive(Debug, Default, Serialize)]
pub struct Done {}
