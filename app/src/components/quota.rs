//! How full a mailbox is: a bar with the used share, flagged from the warning
//! share on and when full. The users table and the account page show the same.

use leptos::prelude::*;

use super::size::size;
use crate::api::types::Quota;

/// The used share in whole percent, rounded down so that the flag and the
/// number agree; None without a limit.
fn percent(quota: &Quota) -> Option<i64> {
    (quota.bytes_max > 0).then(|| quota.bytes_used.saturating_mul(100) / quota.bytes_max)
}

/// The bar's class, and its flag from the warning share on and when full.
fn state(quota: &Quota, share: i64) -> (&'static str, Option<String>) {
    if share >= 100 {
        ("quota over", Some(format!("{share}% — over quota")))
    } else if share >= quota.warning_percent {
        ("quota warning", Some(format!("{share}% — past the {}% warning", quota.warning_percent)))
    } else {
        ("quota", None)
    }
}

#[component]
pub fn QuotaBar(quota: Quota) -> impl IntoView {
    let used = size(quota.bytes_used);
    let Some(share) = percent(&quota) else {
        return view! { <span class="quota">{format!("{used} used (no limit)")}</span> }.into_any();
    };
    let text = format!("{used} of {}", size(quota.bytes_max));
    let (class, flag) = state(&quota, share);
    let filled = share.min(100);
    view! {
        <div class=class>
            // Not "Quota…": the quota setting's field owns that label.
            <div
                class="bar"
                role="meter"
                aria-label="Storage used"
                aria-valuemin="0"
                aria-valuemax="100"
                aria-valuenow=filled
                aria-valuetext=format!("{share}%, {text}")
            >
                <span style=format!("width: {filled}%")></span>
            </div>
            <span>{text}</span>
            {flag.map(|flag| view! { <span class="tag">{flag}</span> })}
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::{percent, state};
    use crate::api::types::Quota;

    #[test]
    fn shares_and_flags() {
        let quota = |bytes_max, bytes_used| Quota { bytes_max, bytes_used, warning_percent: 90 };
        let shown = |q: Quota| percent(&q).map(|share| (share, state(&q, share)));
        assert_eq!(shown(quota(0, 5)), None);
        assert_eq!(shown(quota(1000, 899)), Some((89, ("quota", None))));
        let warned = Some((90, ("quota warning", Some("90% — past the 90% warning".to_string()))));
        assert_eq!(shown(quota(1000, 900)), warned);
        assert_eq!(shown(quota(1000, 1500)), Some((150, ("quota over", Some("150% — over quota".to_string())))));
    }
}
