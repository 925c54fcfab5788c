//! What the paged, sortable, filterable tables share: their query in the URL
//! (so a link reproduces the view) and sortable column headers.

use leptos::prelude::*;
use leptos_router::params::ParamsMap;

use super::layout::urlencode;
use crate::api::types::ListQuery;

pub const PAGE: i64 = 25;

/// The list query of the current URL. `sort_keys` are the keys the table offers.
pub fn query_from(params: &ParamsMap, sort_keys: &[&str]) -> ListQuery {
    let text = |k: &str| params.get(k).filter(|v| !v.trim().is_empty());
    ListQuery {
        pattern: text("q"),
        company: text("company"),
        domain: text("domain"),
        workgroup: text("workgroup"),
        status: text("status"),
        kind: text("type"),
        sort: text("sort").filter(|s| sort_keys.contains(&s.as_str())),
        descending: params.get("dir").as_deref() == Some("desc"),
        deleted: params.get("deleted").as_deref() == Some("1"),
        first: text("first").and_then(|v| v.parse().ok()).unwrap_or(0).max(0),
        limit: text("limit").and_then(|v| v.parse().ok()).unwrap_or(PAGE).clamp(1, 500),
    }
}

/// The URL of `path` showing `q`.
pub fn href(path: &str, q: &ListQuery) -> String {
    let mut parts = Vec::new();
    let mut add = |k: &str, v: &str| parts.push(format!("{k}={}", urlencode(v)));
    for (k, v) in [
        ("domain", &q.domain),
        ("q", &q.pattern),
        ("company", &q.company),
        ("workgroup", &q.workgroup),
        ("type", &q.kind),
        ("status", &q.status),
        ("sort", &q.sort),
    ] {
        if let Some(v) = v {
            add(k, v);
        }
    }
    if q.descending {
        add("dir", "desc");
    }
    if q.deleted {
        add("deleted", "1");
    }
    if q.first > 0 {
        add("first", &q.first.to_string());
    }
    if q.limit != PAGE {
        add("limit", &q.limit.to_string());
    }
    if parts.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", parts.join("&"))
    }
}

/// A column header that sorts by `key` (toggling direction when active).
/// `default_key` is the sort the table uses when the URL names none.
#[component]
pub fn SortHeader(
    path: &'static str,
    q: ListQuery,
    key: &'static str,
    default_key: &'static str,
    label: &'static str,
) -> impl IntoView {
    let active = q.sort.as_deref().unwrap_or(default_key) == key;
    let mut next = q.clone();
    next.sort = Some(key.to_string());
    next.descending = active && !q.descending;
    next.first = 0;
    view! { <SortLinkHeader label active descending=q.descending href=href(path, &next)/> }
}

/// A sortable column's header: `active` when the table is sorted by it (in
/// the `descending` direction), `href` the view sorted by it next.
#[component]
pub fn SortLinkHeader(label: &'static str, active: bool, descending: bool, href: String) -> impl IntoView {
    let aria = match (active, descending) {
        (false, _) => "none",
        (true, true) => "descending",
        (true, false) => "ascending",
    };
    let arrow = match (active, descending) {
        (false, _) => "",
        (true, true) => " ↓",
        (true, false) => " ↑",
    };
    view! {
        <th scope="col" aria-sort=aria>
            <a href=href>{label}{arrow}</a>
        </th>
    }
}
