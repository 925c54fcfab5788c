//! Company and domain settings: forms generated from get_company / get_domain
//! (`settable_attributes`, `metadata.options`, `metadata.inherit`), saving
//! through change_company / change_domain, and their change logs.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde_json::{Map, Value};

use super::types::{ChangesPage, SettingsForm};
use super::PortalError;

/// The settings form of a company.
#[server(prefix = "/srv", endpoint = "company_settings")]
pub async fn company_settings(company: String) -> Result<SettingsForm, PortalError> {
    use engine::company::get_company::{get_company, Request};
    let engine = super::ssr::engine()?;
    let got = get_company(&engine, &super::ssr::ctx().await?, Request { company }).await?;
    let facts = vec![
        ("Company".to_string(), got.attributes.get("account").and_then(Value::as_str).unwrap_or_default().to_string()),
        ("Created".to_string(), crate::components::time::date(got.metadata.createtime)),
    ];
    Ok(ssr::form(
        engine::attributes::COMPANY,
        &got.attributes,
        &got.settable_attributes,
        &got.metadata.options,
        &got.metadata.inherit,
        facts,
        super::ssr::caller().await?.is_provider(),
    ))
}

/// Saves changed company attributes (change_company).
#[server(prefix = "/srv", endpoint = "save_company", input = Json)]
pub async fn save_company(company: String, changes: Map<String, Value>) -> Result<(), PortalError> {
    use engine::company::change_company::{change_company, Request};
    let engine = super::ssr::engine()?;
    change_company(&engine, &super::ssr::ctx().await?, Request { company, attributes: changes }).await?;
    Ok(())
}

/// The settings form of a domain.
#[server(prefix = "/srv", endpoint = "domain_settings")]
pub async fn domain_settings(domain: String) -> Result<SettingsForm, PortalError> {
    use engine::domain::get_domain::{get_domain, Request};
    let engine = super::ssr::engine()?;
    let got = get_domain(&engine, &super::ssr::ctx().await?, Request { domain }).await?;
    let text = |k: &str| got.attributes.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
    let facts = vec![
        ("Domain".to_string(), text("account")),
        ("Company".to_string(), text("company")),
        ("Created".to_string(), crate::components::time::date(got.metadata.createtime)),
    ];
    Ok(ssr::form(
        engine::attributes::DOMAIN,
        &got.attributes,
        &got.settable_attributes,
        &got.metadata.options,
        &got.metadata.inherit,
        facts,
        super::ssr::caller().await?.is_provider(),
    ))
}

/// Saves changed domain attributes (change_domain).
#[server(prefix = "/srv", endpoint = "save_domain", input = Json)]
pub async fn save_domain(domain: String, changes: Map<String, Value>) -> Result<(), PortalError> {
    use engine::domain::change_domain::{change_domain, Request};
    let engine = super::ssr::engine()?;
    change_domain(&engine, &super::ssr::ctx().await?, Request { domain, attributes: changes, create_only: None })
        .await?;
    Ok(())
}

/// A page of a company's (`kind` = "company") or domain's change log.
#[server(prefix = "/srv", endpoint = "changes")]
pub async fn change_log(kind: String, name: String, first: i64) -> Result<ChangesPage, PortalError> {
    use engine::oma::search::Range;
    let engine = super::ssr::engine()?;
    let ctx = super::ssr::ctx().await?;
    let range = Range { first: Some(first.max(0)), limit: Some(ssr::LOG_PAGE) };
    let page = match kind.as_str() {
        "company" => {
            use engine::company::get_company_changes::{get_company_changes, Request};
            get_company_changes(&engine, &ctx, Request { company: name, range }).await?
        }
        "user" => {
            use engine::user::get_user_changes::{get_user_changes, Request};
            get_user_changes(&engine, &ctx, Request { user: name, range }).await?
        }
        _ => {
            use engine::domain::get_domain_changes::{get_domain_changes, Request};
            get_domain_changes(&engine, &ctx, Request { domain: name, range }).await?
        }
    };
    Ok(ChangesPage {
        rows: page
            .changes
            .into_iter()
            .map(|c| super::types::ChangeRow { time: c.time, user: c.user, application: c.application, msg: c.msg })
            .collect(),
        first: first.max(0),
        total: page.total_count,
    })
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use serde_json::{Map, Value};

    use crate::api::types::{Choice, Field, FieldKind, SettingsForm};
    use engine::attributes::kinds::Kind;
    use engine::attributes::Spec;

    pub const LOG_PAGE: i64 = 20;

    /// A form from a get_* answer: one field per attribute of the table, in the
    /// table's order, settable per the answer's `settable_attributes`.
    pub fn form(
        table: &'static [Spec],
        attributes: &Map<String, Value>,
        settable: &[String],
        options: &Map<String, Value>,
        inherit: &Map<String, Value>,
        facts: Vec<(String, String)>,
        provider: bool,
    ) -> SettingsForm {
        let fields = table
            .iter()
            .map(|spec| {
                let (kind, choices) = kind_of(spec, options);
                Field {
                    name: spec.name.to_string(),
                    label: label(spec.name),
                    kind,
                    value: attributes.get(spec.name).cloned().unwrap_or(Value::Null),
                    inherited: inherit.get(spec.name).cloned().filter(|v| !v.is_null()),
                    choices,
                    nullable: spec.nullable,
                    settable: may_change(spec, settable, provider),
                }
            })
            .collect();
        SettingsForm { fields, facts }
    }

    /// Whether the caller may change an attribute. `settable_attributes` leaves
    /// out a few the methods accept (catchall, smtp_sent_limit, quota_maximum),
    /// so the same rules are applied to those: billable ones when "quota" is
    /// settable, and provider-only ones for the provider.
    fn may_change(spec: &Spec, settable: &[String], provider: bool) -> bool {
        if spec.listed {
            return settable.iter().any(|s| s == spec.name);
        }
        let any = !settable.is_empty();
        let billable_ok = settable.iter().any(|s| s == "quota");
        any && (spec.billing == engine::authz::Billing::NonBillable || billable_ok) && (provider || !spec.provider_only)
    }

    fn kind_of(spec: &Spec, options: &Map<String, Value>) -> (FieldKind, Vec<Choice>) {
        let listed = |name: &str| -> Vec<Choice> {
            options
                .get(name)
                .and_then(Value::as_array)
                .map(|items| {
                    items
                        .iter()
                        .map(|v| match v.as_str() {
                            Some(s) => Choice { value: Some(s.to_string()), label: s.to_string() },
                            None => Choice { value: None, label: "(inherit)".into() },
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        let with_unset = |mut choices: Vec<Choice>| {
            if spec.nullable && !choices.iter().any(|c| c.value.is_none()) {
                choices.insert(0, Choice { value: None, label: "(inherit)".into() });
            }
            choices
        };
        match spec.kind {
            Kind::Text { max } if max > 200 => (FieldKind::TextArea, Vec::new()),
            Kind::Text { .. } | Kind::SpamHeader | Kind::HostPort | Kind::Mailbox => (FieldKind::Text, Vec::new()),
            Kind::Number { .. } | Kind::Quota => (FieldKind::Number, Vec::new()),
            Kind::Bool => (FieldKind::Bool, Vec::new()),
            Kind::WildcardList { .. } | Kind::EmailList { .. } | Kind::DomainList { .. } => {
                (FieldKind::Lines, Vec::new())
            }
            Kind::Contacts => (FieldKind::Contacts, Vec::new()),
            Kind::Password => (FieldKind::Password, Vec::new()),
            Kind::Choice(list) => {
                let from_options = listed(spec.name);
                let choices = if from_options.is_empty() {
                    list.iter().map(|s| Choice { value: Some(s.to_string()), label: s.to_string() }).collect()
                } else {
                    from_options
                };
                (FieldKind::Select, with_unset(choices))
            }
            Kind::Encoding | Kind::Brand | Kind::Workgroup => (FieldKind::Select, with_unset(listed(spec.name))),
        }
    }

    /// A person's label for an attribute.
    pub fn label(name: &str) -> String {
        let known = match name {
            "allow" => "Allowed senders",
            "block" => "Blocked senders",
            "default_password_encoding" => "Password encoding",
            "deleted_message_retention" => "Deleted mail kept (days)",
            "filterdelivery" => "Spam delivery",
            "filtermx" => "Filter mail server",
            "limit_aliases" => "Alias limit",
            "limit_users" => "User limit",
            "notes_external" => "Notes",
            "quota" => "Default quota (MB)",
            "quota_maximum" => "Maximum quota (MB)",
            "regen_passwords" => "Re-hash passwords at login",
            "service_imap4" => "IMAP",
            "service_pop3" => "POP3",
            "service_smtpin" => "Incoming mail (SMTP in)",
            "service_smtprelay" => "Sending (SMTP relay)",
            "service_smtprelay_webmail" => "Sending from webmail",
            "service_webmail" => "Webmail",
            "smtp_sent_limit" => "Messages sent per day",
            "spamfolder" => "Spam folder",
            "spamheader" => "Spam header",
            "spamlevel" => "Spam filter level",
            "spamtag" => "Spam subject tag",
            "stats_mailout" => "Statistics recipients",
            "wm_domainalias" => "Webmail From per alias domain",
            "workgroup" => "Default workgroup",
            "catchall" => "Catch-all mailbox",
            "aliases" => "Alias domains",
            _ => "",
        };
        if !known.is_empty() {
            return known.to_string();
        }
        let mut s = name.replace('_', " ");
        if let Some(first) = s.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        s
    }
}
