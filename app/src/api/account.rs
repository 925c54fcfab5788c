//! One account's screens: its settings (get_user / change_user) split into
//! sections by the page, its password, rename, and the history of each
//! attribute. The same functions serve admins and the mailbox owner, whose
//! form holds only what an owner may change.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde_json::{Map, Value};

use super::types::{AttributeChange, UserAccount};
use super::PortalError;

/// The account's settings, and what the caller may do with it.
#[server(prefix = "/srv", endpoint = "account_settings")]
pub async fn account_settings(user: String) -> Result<UserAccount, PortalError> {
    use engine::authz::{permits, Action};
    use engine::user::get_user::{get_user, Request};
    let engine = super::ssr::engine()?;
    let caller = super::ssr::caller().await?;
    let got = get_user(&engine, &super::ssr::ctx().await?, Request { user: user.clone() }).await?;
    let text = |k: &str| got.attributes.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
    let created = got.metadata.get("createtime").and_then(Value::as_i64).unwrap_or(0);
    let facts = vec![
        ("Account".to_string(), text("account")),
        ("Type".to_string(), got.kind.clone()),
        ("Status".to_string(), got.metadata.get("status").and_then(Value::as_str).unwrap_or_default().to_string()),
        ("Created".to_string(), crate::components::time::date(created)),
    ];
    let empty = Map::new();
    let options = got.metadata.get("options").and_then(Value::as_object).unwrap_or(&empty);
    let inherit = got.metadata.get("inherit").and_then(Value::as_object).unwrap_or(&empty);
    let mut attributes = got.attributes.clone();
    attributes.insert("type".into(), Value::from(got.kind.clone()));
    let mut form = super::settings::ssr::form(
        engine::attributes::USER,
        &attributes,
        &got.settable_attributes,
        options,
        inherit,
        facts,
        caller.is_provider(),
    );
    let password = form.fields.iter().any(|f| f.name == "password" && f.settable);
    ssr::shape(&mut form, &got.kind);
    let self_service = caller.role().is_none();
    if self_service {
        // An owner's pages show only what it may change (the form's rule for
        // attributes settable_attributes leaves out is an admin's).
        let own = |name: &str| engine::attributes::SELF_SERVICE.contains(&name) || name == ssr::DELIVERY;
        form.fields.retain(|f| f.settable && own(&f.name));
    }
    let object = engine::directory::find_user(engine.db(), &text("account")).await?.map(|u| u.object());
    let may = |action| object.as_ref().is_some_and(|o| permits(&caller, action, o));
    Ok(UserAccount {
        form,
        self_service,
        password,
        asks_current_password: caller.name == text("account"),
        may_rename: !self_service && may(Action::Create),
        may_delete: !self_service && may(Action::Delete),
        quota: super::ssr::quota(got.metadata.get("quota").unwrap_or(&Value::Null)),
    })
}

/// Saves changed attributes (change_user). The page's one `delivery` choice
/// stands for the three delivery flags.
#[server(prefix = "/srv", endpoint = "save_user", input = Json)]
pub async fn save_user(user: String, changes: Map<String, Value>) -> Result<(), PortalError> {
    use engine::user::change_user::{change_user, Request};
    let engine = super::ssr::engine()?;
    let mut attributes = changes;
    if let Some(delivery) = attributes.remove(ssr::DELIVERY) {
        ssr::set_flags(&mut attributes, delivery.as_str().unwrap_or_default());
    }
    change_user(&engine, &super::ssr::ctx().await?, Request { user, attributes, create_only: None }).await?;
    Ok(())
}

/// Renames the account within its domain (rename_user).
#[server(prefix = "/srv", endpoint = "rename_user")]
pub async fn rename_user(user: String, new_name: String) -> Result<(), PortalError> {
    use engine::user::rename_user::{rename_user, Request};
    let engine = super::ssr::engine()?;
    rename_user(&engine, &super::ssr::ctx().await?, Request { user, new_name }).await?;
    Ok(())
}

/// Sets a new password. On the caller's own account the current password
/// must be given, and the account's other sessions end.
#[server(prefix = "/srv", endpoint = "set_password")]
pub async fn set_password(user: String, current: String, new: String) -> Result<(), PortalError> {
    let engine = super::ssr::engine()?;
    let ctx = super::ssr::ctx().await?;
    if new.is_empty() {
        return Err(PortalError::new("Type the new password").with_hint("password", "Type the new password"));
    }
    if ctx.caller.name == user.trim().to_lowercase() {
        use engine::user::change_password::{change_own_password, Request};
        let session = super::ssr::session_token().await;
        change_own_password(&engine, &ctx, Request { current, new, session }).await?;
    } else {
        use engine::user::change_user::{change_user, Request};
        let mut attributes = Map::new();
        attributes.insert("password".into(), Value::String(new));
        change_user(&engine, &ctx, Request { user, attributes, create_only: None }).await?;
    }
    Ok(())
}

/// Every value one attribute of the account has had, oldest first.
#[server(prefix = "/srv", endpoint = "attribute_history")]
pub async fn attribute_history(user: String, attribute: String) -> Result<Vec<AttributeChange>, PortalError> {
    use engine::user::get_user_attribute_history::{get_user_attribute_history, Request};
    let engine = super::ssr::engine()?;
    // The start and end days of automatic replies read as days, not seconds.
    let is_day = ssr::is_day(&attribute);
    let got = get_user_attribute_history(&engine, &super::ssr::ctx().await?, Request { user, attribute }).await?;
    let mut rows: Vec<AttributeChange> = got
        .history
        .into_iter()
        .map(|(time, value)| AttributeChange {
            time: time.parse().unwrap_or(0),
            value: match value {
                Value::String(s) => match s.parse::<i64>() {
                    Ok(epoch) if is_day => crate::components::time::day(epoch),
                    _ => s,
                },
                Value::Null => String::new(),
                other => other.to_string(),
            },
        })
        .collect();
    rows.sort_by_key(|r| r.time);
    Ok(rows)
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use serde_json::{Map, Value};

    use crate::api::types::{Choice, Field, FieldKind, SettingsForm};

    /// The page's one delivery choice (see [`super::save_user`]).
    pub const DELIVERY: &str = "delivery";
    const FLAGS: [(&str, &str); 3] =
        [("delivery_local", "local"), ("delivery_forward", "forward"), ("delivery_filter", "filter")];

    /// The delivery flags a choice (`local+forward`) stands for.
    pub fn set_flags(attributes: &mut Map<String, Value>, chosen: &str) {
        for (flag, part) in FLAGS {
            attributes.insert(flag.into(), Value::Bool(chosen.split('+').any(|p| p == part)));
        }
    }

    /// The autoresponder's start and end days (epoch seconds, shown as days).
    pub fn is_day(attribute: &str) -> bool {
        attribute.starts_with("autoresponder_option_") && attribute.ends_with("date")
    }

    /// The delivery choices an account type allows (the spec's valid
    /// combinations; the autoresponder is chosen apart, in "Out of office").
    fn deliveries(kind: &str) -> Vec<Choice> {
        let choice = |value: &str, label: &str| Choice { value: Some(value.into()), label: label.into() };
        match kind {
            "filter" => vec![choice("filter", "Relayed to the domain's filter server")],
            "forward" => vec![choice("forward", "Forwarded (no mailbox)")],
            _ => vec![
                choice("local", "Kept in the mailbox"),
                choice("local+forward", "Kept in the mailbox and forwarded"),
                choice("forward", "Forwarded only (no copy kept)"),
            ],
        }
    }

    /// Turns the generic attribute form into the account form: the delivery
    /// flags become one choice, dates are dates, labels read as people say
    /// them, and the password moves to its own page.
    pub fn shape(form: &mut SettingsForm, kind: &str) {
        let flag = |name: &str| form.fields.iter().find(|f| f.name == name);
        let on = |name: &str| flag(name).is_some_and(|f| f.value == Value::Bool(true));
        let chosen: Vec<&str> = FLAGS.iter().filter(|(f, _)| on(f)).map(|(_, part)| *part).collect();
        let settable = flag("delivery_local").is_some_and(|f| f.settable);
        let delivery = Field {
            name: DELIVERY.into(),
            label: "Incoming mail is".into(),
            kind: FieldKind::Select,
            value: Value::from(chosen.join("+")),
            inherited: None,
            choices: deliveries(kind),
            nullable: false,
            settable,
        };
        form.fields.retain(|f| !FLAGS.iter().any(|(name, _)| f.name == *name) && f.name != "password");
        if kind == "filter" {
            // A filter account relays everything: no automatic replies.
            form.fields.retain(|f| !f.name.starts_with("autoresponder") && f.name != "delivery_autoresponder");
        }
        form.fields.push(delivery);
        for field in &mut form.fields {
            if is_day(&field.name) {
                field.kind = FieldKind::Date;
            }
            if let Some(label) = label(&field.name) {
                field.label = label.into();
            }
        }
    }

    fn label(name: &str) -> Option<&'static str> {
        Some(match name {
            "aliases" => "Alias addresses",
            "quota" => "Quota (MB)",
            "delivery_autoresponder" => "Send automatic replies",
            "autoresponder" => "Reply text",
            "autoresponder_option_subject" => "Reply subject",
            "autoresponder_option_startdate" => "Replies start on",
            "autoresponder_option_enddate" => "Replies end on",
            "autoresponder_option_interval" => "Days before replying to the same sender again",
            "forward_recipients" => "Forward to",
            "forward_option_reply_to" => "Reply-To of forwarded mail",
            "forward_option_subject_prefix" => "Subject prefix of forwarded mail",
            "forward_option_restricted" => "Forward only mail from the forward addresses",
            "reject_spam" => "Reject spam outright",
            "macsettings" => "Mac settings",
            "max_pab_entries" => "Address book entries",
            "sieve" => "Sieve script",
            _ => return None,
        })
    }
}
