//! A company's or domain's change log, paged (page in the URL as `log`).
//!
//! The page creates the resource (at its top level, so that server and
//! browser create resources in the same order) with [`log_resource`] and
//! hands it to [`ChangeLog`].

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::errors::ErrorNote;
use super::pager::Pager;
use super::time::date;
use crate::api::settings::change_log;
use crate::api::types::ChangesPage;
use crate::api::PortalError;

pub type LogResource = Resource<Option<Result<ChangesPage, PortalError>>>;

/// The log of `kind` ("company" or "domain") `name`, fetched only while `active`.
pub fn log_resource(kind: &'static str, name: Memo<String>, active: Memo<bool>) -> LogResource {
    let params = use_query_map();
    let first = Memo::new(move |_| params.read().get("log").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0).max(0));
    Resource::new(
        move || active.get().then(|| (name.get(), first.get())),
        move |key| async move {
            match key {
                Some((name, first)) => Some(change_log(kind.to_string(), name, first).await),
                None => None,
            }
        },
    )
}

#[component]
pub fn ChangeLog(page: LogResource, base: String) -> impl IntoView {
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new({
                let base = base.clone();
                async move {
                    match page.await {
                        Some(Ok(p)) => {
                            let shown = p.rows.len();
                            view! {
                                <table class="grid" aria-label="Change history">
                                    <thead>
                                        <tr>
                                            <th scope="col">"When"</th>
                                            <th scope="col">"Who"</th>
                                            <th scope="col">"Through"</th>
                                            <th scope="col">"What"</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {p.rows
                                            .into_iter()
                                            .map(|c| {
                                                view! {
                                                    <tr>
                                                        <td>{date(c.time)}</td>
                                                        <td>{c.user}</td>
                                                        <td>{c.application.unwrap_or_default()}</td>
                                                        <td>{c.msg}</td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                                <Pager
                                    first=p.first
                                    limit=20
                                    total=p.total
                                    shown
                                    href_for=move |first| format!("{base}{}log={first}", if base.contains('?') { "&" } else { "?" })
                                />
                            }
                            .into_any()
                        }
                        Some(Err(error)) => view! { <ErrorNote error/> }.into_any(),
                        None => ().into_any(),
                    }
                }
            })}
        </Transition>
    }
}
