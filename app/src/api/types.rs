//! Types the portal's pages and server functions exchange (compiled for both
//! the server and the browser).

use serde::{Deserialize, Serialize};

/// The signed-in account, and what its role lets it see in the portal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub name: String,
    /// Role id (`provider`, `company`, ...) or None for a mailbox owner.
    pub role: Option<String>,
    /// What the role administers (`Example Corp`, `example.com`, `example.com/sales`).
    pub object: Option<String>,
    pub nav: Nav,
}

/// Which screens the navigation offers (the server checks again on every call).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Nav {
    pub admins: bool,
    /// The provider's companies list.
    pub companies: bool,
    /// The caller's own company (company-level admins).
    pub company: Option<String>,
    pub domains: bool,
    /// The provider's brands.
    pub brands: bool,
    /// The users of the caller's domain (domain-, mail- and workgroup-level admins).
    pub users: Option<String>,
    /// The caller's own mailbox account.
    pub account: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    pub companies: i64,
    pub domains: i64,
    pub users: i64,
}

/// The admins table's query, as it stands in the URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminQuery {
    pub pattern: Option<String>,
    pub role: Option<String>,
    pub company: Option<String>,
    pub sort: Option<String>,
    pub descending: bool,
    pub first: i64,
    pub limit: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminRow {
    pub user: String,
    pub role: String,
    pub control: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminPage {
    pub rows: Vec<AdminRow>,
    pub first: i64,
    pub total: i64,
}

/// Role ids an admin can grant in the portal, with labels.
pub const ROLES: &[(&str, &str)] = &[
    ("company", "Company administrator"),
    ("company_view", "Company view"),
    ("company_mail", "Company mail"),
    ("company_ro", "Company read-only"),
    ("company_token_only", "Company token only"),
    ("domain", "Domain administrator"),
    ("mail", "Mail administrator"),
    ("workgroup", "Workgroup administrator"),
];

pub fn role_label(role: &str) -> &str {
    match role {
        "provider" => "Provider administrator",
        other => ROLES.iter().find(|(id, _)| *id == other).map(|(_, label)| *label).unwrap_or(other),
    }
}

/// How a settings field is edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldKind {
    Text,
    TextArea,
    Number,
    /// One of `choices` (the empty value: unset/inherit).
    Select,
    /// yes / no (and "inherit" when nullable).
    Bool,
    /// A list, one item per line.
    Lines,
    /// Company contacts.
    Contacts,
    /// A new password (never filled in).
    Password,
    /// A day (epoch seconds of its UTC midnight).
    Date,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    /// None: unset (inherit).
    pub value: Option<String>,
    pub label: String,
}

/// One attribute of a settings form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// The OMA attribute name.
    pub name: String,
    pub label: String,
    pub kind: FieldKind,
    pub value: serde_json::Value,
    /// What applies when unset (shown as the placeholder).
    pub inherited: Option<serde_json::Value>,
    pub choices: Vec<Choice>,
    pub nullable: bool,
    /// Whether the signed-in caller may change it.
    pub settable: bool,
}

/// A company's or domain's settings, generated from `settable_attributes` and
/// `metadata.options` of get_company / get_domain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SettingsForm {
    pub fields: Vec<Field>,
    /// Read-only facts shown above the form (company, creation time, ...).
    pub facts: Vec<(String, String)>,
}

impl SettingsForm {
    pub fn editable(&self) -> bool {
        self.fields.iter().any(|f| f.settable)
    }
}

/// One account's settings, and what the caller may do with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserAccount {
    pub form: SettingsForm,
    /// The caller is the mailbox owner (no admin role): self-service pages.
    pub self_service: bool,
    /// Whether the caller may set the password.
    pub password: bool,
    /// The account is the caller's own: changing the password asks for the current one.
    pub asks_current_password: bool,
    pub may_rename: bool,
    pub may_delete: bool,
    pub quota: Quota,
}

/// How full a mailbox is (bytes; `bytes_max` 0: no limit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quota {
    pub bytes_max: i64,
    pub bytes_used: i64,
    /// The share of `bytes_max` (percent) from which the portal warns.
    pub warning_percent: i64,
}

/// One value an attribute had, and since when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeChange {
    pub time: i64,
    pub value: String,
}

/// One change-log entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeRow {
    pub time: i64,
    pub user: String,
    pub application: Option<String>,
    pub msg: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangesPage {
    pub rows: Vec<ChangeRow>,
    pub first: i64,
    pub total: i64,
}

/// A company in the companies list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyRow {
    pub name: String,
    pub domains: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyPage {
    pub rows: Vec<CompanyRow>,
    pub first: i64,
    pub total: i64,
}

/// A table's query (companies, domains, users) as it stands in the URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListQuery {
    pub pattern: Option<String>,
    pub company: Option<String>,
    /// The users table's domain, workgroup and status filters.
    pub domain: Option<String>,
    pub workgroup: Option<String>,
    pub status: Option<String>,
    pub kind: Option<String>,
    pub sort: Option<String>,
    pub descending: bool,
    pub deleted: bool,
    pub first: i64,
    pub limit: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainCounts {
    pub mailbox: i64,
    pub forward: i64,
    pub filter: i64,
    pub alias: i64,
    pub deleted: i64,
    pub total: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainRow {
    pub name: String,
    pub alias_of: Option<String>,
    pub counts: DomainCounts,
    /// Deleted domains: the id restore_domain takes, and when.
    pub id: Option<String>,
    pub deleted_at: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainPage {
    pub rows: Vec<DomainRow>,
    pub first: i64,
    pub total: i64,
    /// Whether the caller may create (and delete, restore) domains here.
    pub can_create: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkgroupRow {
    pub name: String,
    pub counts: DomainCounts,
    pub default: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkgroupList {
    pub rows: Vec<WorkgroupRow>,
    pub can_manage: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrandRow {
    pub name: String,
    pub company: Option<String>,
    pub notes: Option<String>,
    pub domains: i64,
    pub users: i64,
    pub companies: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrandPage {
    pub rows: Vec<BrandRow>,
    pub first: i64,
    pub total: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub name: String,
    /// mailbox, forward, filter or alias.
    pub kind: String,
    pub workgroup: Option<String>,
    pub status: String,
    /// An alias's account, or the one forward recipient.
    pub target: Option<String>,
    /// How many addresses the account forwards to.
    pub forwards: i64,
    pub last_login: Option<i64>,
    /// Deleted accounts only: what restore takes, and when.
    pub id: Option<String>,
    pub deleted_at: Option<i64>,
    /// Live accounts that keep mail (not aliases).
    pub quota: Option<Quota>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserPage {
    pub rows: Vec<UserRow>,
    pub first: i64,
    pub total: i64,
    /// Whether the caller may create (and delete, restore) accounts here.
    pub can_create: bool,
}

/// One folder of a mailbox, with what it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailFolder {
    /// Unicode, '.'-separated ("Projects.2024"); INBOX first.
    pub name: String,
    pub messages: i64,
    pub unseen: i64,
    pub bytes: i64,
}

/// A mailbox's folders, and what the caller may do with its mail.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailboxFolders {
    pub folders: Vec<MailFolder>,
    /// Folders that no longer exist but still hold restorable messages.
    pub deleted_folders: Vec<String>,
    /// Move and restore messages.
    pub may_change: bool,
    /// Rebuild the header index (company admins and above).
    pub may_reindex: bool,
}

/// The mailbox browser's view, as it stands in the URL (the account's page
/// with `tab=mail`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailQuery {
    pub user: String,
    /// None: INBOX.
    pub folder: Option<String>,
    /// `date` (the default), `from`, `subject` or `size`.
    pub sort: Option<String>,
    pub descending: bool,
    pub first: i64,
    pub limit: i64,
}

/// One message of a folder, with every header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailRow {
    /// Opaque; what moving and restoring take.
    pub id: String,
    pub from: String,
    pub subject: String,
    /// The Date header, or when it arrived if it has none (epoch seconds).
    pub date: i64,
    /// When the server received it.
    pub received: i64,
    pub size: i64,
    pub seen: bool,
    /// (lower-case name, values) in the message's order.
    pub headers: Vec<(String, Vec<String>)>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailPage {
    pub rows: Vec<MailRow>,
    pub first: i64,
    pub total: i64,
}

/// The deleted-mail view, as it stands in the URL (`tab=deleted`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeletedQuery {
    pub user: String,
    pub folder: Option<String>,
    /// Substrings of the sender and the subject.
    pub from: Option<String>,
    pub subject: Option<String>,
    /// Deleted on or after / on or before these days (`YYYY-MM-DD`, UTC).
    pub after: Option<String>,
    pub before: Option<String>,
    pub first: i64,
    pub limit: i64,
}

impl DeletedQuery {
    /// Whether any filter narrows the list.
    pub fn filtered(&self) -> bool {
        [&self.folder, &self.from, &self.subject, &self.after, &self.before].iter().any(|f| f.is_some())
    }
}

/// One deleted message that can still be restored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeletedRow {
    pub id: String,
    pub folder: String,
    /// The folder no longer exists (restoring recreates it).
    pub folder_deleted: bool,
    pub from: String,
    pub subject: String,
    pub date: i64,
    pub size: i64,
    pub deleted_at: i64,
    pub restorable_until: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeletedPage {
    pub rows: Vec<DeletedRow>,
    pub first: i64,
    pub total: i64,
    /// Folders (live or deleted) that hold deleted messages: the folder filter's choices.
    pub folders: Vec<String>,
    /// How many days deleted messages are kept.
    pub retention_days: i64,
    pub may_change: bool,
}

/// What a bulk action did to one item (`error` None: done).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkOutcome {
    /// The item as people know it (an address, a message's subject).
    pub item: String,
    pub error: Option<String>,
}

/// A reindex job and how far it got: `pending`, `active`, `complete` or `error:…`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReindexJob {
    pub id: String,
    pub status: String,
}

impl ReindexJob {
    /// Still running: ask again.
    pub fn running(&self) -> bool {
        matches!(self.status.as_str(), "pending" | "active")
    }
}

/// What a stats figure counts: how many, or bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatUnit {
    Count,
    Bytes,
}

/// One line of a stats chart: a value per period (0 where the engine has none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatSeries {
    pub name: String,
    pub values: Vec<i64>,
}

/// One stats chart and the table beneath it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatChart {
    /// Stable id (`logins`, `messages`, ...) for element ids.
    pub key: String,
    pub title: String,
    pub unit: StatUnit,
    pub series: Vec<StatSeries>,
}

/// The stats of a company, domain or account for one granularity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatsView {
    /// `day`, `week` or `month`.
    pub by: String,
    /// The engine's period keys, oldest first (`YYYYMMDD`, `YYYYMMDD-YYYYMMDD`, `YYYY-MM`).
    pub periods: Vec<String>,
    pub charts: Vec<StatChart>,
}

/// The periods snapshots can be downloaded for, newest first, and the links
/// of the chosen one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotChoice {
    pub months: Vec<String>,
    pub weeks: Vec<String>,
    pub days: Vec<String>,
    /// The chosen period (the newest month unless the URL names one).
    pub period: Option<String>,
    /// Its download URL (valid for a short while); append `&format=csv|json`.
    pub url: Option<String>,
}
