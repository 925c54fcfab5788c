//! How an action on many items went.

use leptos::prelude::*;

use crate::api::types::BulkOutcome;

/// "Done for 2 of 3 `noun`." and why the others were not; with `done`
/// (e.g. "moved"), every item is listed with its result.
#[component]
pub fn BulkReport(
    outcomes: Vec<BulkOutcome>,
    noun: &'static str,
    #[prop(optional)] done: Option<&'static str>,
) -> impl IntoView {
    let total = outcomes.len();
    let failed = outcomes.iter().filter(|o| o.error.is_some()).count();
    let class = if failed == 0 { "alert ok" } else { "alert error" };
    let summary = format!("Done for {} of {total} {noun}.", total - failed);
    let listed: Vec<BulkOutcome> = outcomes.into_iter().filter(|o| done.is_some() || o.error.is_some()).collect();
    view! {
        <div class=class role="status">
            <p>{summary}</p>
            {(!listed.is_empty()).then(|| view! {
                <ul>
                    {listed
                        .into_iter()
                        .map(|o| {
                            let result = o.error.unwrap_or_else(|| done.unwrap_or_default().to_string());
                            view! { <li><strong>{o.item}</strong>": "{result}</li> }
                        })
                        .collect_view()}
                </ul>
            })}
        </div>
    }
}
