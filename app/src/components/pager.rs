//! "1–25 of 40" with previous/next links that keep the rest of the query.

use leptos::prelude::*;

/// `href_for(first)` builds the link for a page starting at row `first`.
#[component]
pub fn Pager(first: i64, limit: i64, total: i64, shown: usize, href_for: impl Fn(i64) -> String) -> impl IntoView {
    let from = if shown == 0 { 0 } else { first + 1 };
    let to = first + shown as i64;
    let prev = (first > 0).then(|| href_for((first - limit).max(0)));
    let next = (to < total).then(|| href_for(to));
    view! {
        <nav class="pager" aria-label="Pages">
            <span class="range" data-testid="pager-range">{format!("{from}–{to} of {total}")}</span>
            {match prev {
                Some(href) => view! { <a href=href rel="prev">"← Previous"</a> }.into_any(),
                None => view! { <span class="disabled">"← Previous"</span> }.into_any(),
            }}
            {match next {
                Some(href) => view! { <a href=href rel="next">"Next →"</a> }.into_any(),
                None => view! { <span class="disabled">"Next →"</span> }.into_any(),
            }}
        </nav>
    }
}
