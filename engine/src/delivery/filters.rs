//! What delivery checks on the message and its sender: allow/block lists
//! ("wildcard email addresses": `*` any string, `+` any one character), the
//! spam verdict an upstream scanner wrote into the headers, and whether a
//! message is automatic or list mail that must never get an auto-reply.

use crate::mailstore::headers::Summary;

/// Whether `address` matches the wildcard `pattern` (case-insensitive).
pub fn wildcard_matches(pattern: &str, address: &str) -> bool {
    let p: Vec<char> = pattern.to_lowercase().chars().collect();
    let a: Vec<char> = address.to_lowercase().chars().collect();
    // Iterative matching with one backtrack point for the last `*`.
    let (mut pi, mut ai, mut star, mut mark) = (0, 0, None, 0);
    while ai < a.len() {
        if pi < p.len() && (p[pi] == '+' || p[pi] == a[ai]) {
            pi += 1;
            ai += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ai;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ai = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

pub fn any_matches(patterns: &[String], address: &str) -> bool {
    !address.is_empty() && patterns.iter().any(|p| wildcard_matches(p, address))
}

fn first<'a>(summary: &'a Summary, name: &str) -> Option<&'a str> {
    summary.headers.get(name).and_then(|v| v.get(0)).and_then(|v| v.as_str())
}

/// The upstream scanner's verdict: SpamAssassin's and rspamd's `X-Spam-Flag:
/// YES` / `X-Spam-Status: Yes, ...`, or `X-Spam: yes`.
pub fn is_spam(summary: &Summary) -> bool {
    let yes = |v: Option<&str>| v.is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("yes"));
    yes(first(summary, "x-spam-flag")) || yes(first(summary, "x-spam-status")) || yes(first(summary, "x-spam"))
}

/// Mail no auto-reply may answer (RFC 3834 §2): from nobody (bounces), from
/// a robot, automatic itself, list or bulk mail.
pub fn is_automatic(summary: &Summary, sender: &str) -> bool {
    let sender = sender.to_ascii_lowercase();
    let local = sender.split('@').next().unwrap_or_default();
    sender.is_empty()
        || ["mailer-daemon", "postmaster", "noreply", "no-reply", "donotreply", "do-not-reply", "listserv", "majordomo"]
            .iter()
            .any(|robot| local == *robot || local.starts_with(&format!("{robot}+")))
        || local.ends_with("-request")
        || local.starts_with("owner-")
        || first(summary, "auto-submitted").is_some_and(|v| !v.trim().eq_ignore_ascii_case("no"))
        || first(summary, "precedence")
            .is_some_and(|v| ["bulk", "list", "junk"].contains(&v.trim().to_ascii_lowercase().as_str()))
        || ["list-id", "list-unsubscribe", "list-post", "x-autoreply", "x-autorespond"]
            .iter()
            .any(|h| summary.headers.contains_key(*h))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mailstore::headers::parse;

    #[test]
    fn wildcards() {
        assert!(wildcard_matches("*@example.com", "Joe@Example.com"));
        assert!(wildcard_matches("abc*ef", "abcdef@domain.pef"), "the spec's example");
        assert!(wildcard_matches("j+e@x.org", "joe@x.org"));
        assert!(!wildcard_matches("j+e@x.org", "jooe@x.org"));
        assert!(wildcard_matches("*", "anyone@anywhere"));
        assert!(!wildcard_matches("*@example.com", "joe@example.com.evil"));
        assert!(wildcard_matches("*a*b*", "xxaxxbxx"));
        assert!(!any_matches(&["*".into()], ""));
    }

    #[test]
    fn spam_and_robots() {
        assert!(is_spam(&parse(b"X-Spam-Flag: YES\r\n\r\n")));
        assert!(is_spam(&parse(b"X-Spam-Status: Yes, score=9.1\r\n\r\n")));
        assert!(!is_spam(&parse(b"X-Spam-Status: No, score=0.1\r\n\r\n")));
        let plain = parse(b"Subject: hi\r\n\r\n");
        assert!(!is_automatic(&plain, "june@example.com"));
        assert!(is_automatic(&plain, ""));
        assert!(is_automatic(&plain, "MAILER-DAEMON@example.com"));
        assert!(is_automatic(&plain, "list-request@example.com"));
        assert!(is_automatic(&parse(b"Auto-Submitted: auto-replied\r\n\r\n"), "a@b.c"));
        assert!(!is_automatic(&parse(b"Auto-Submitted: no\r\n\r\n"), "a@b.c"));
        assert!(is_automatic(&parse(b"Precedence: bulk\r\n\r\n"), "a@b.c"));
        assert!(is_automatic(&parse(b"List-Id: <x.example>\r\n\r\n"), "a@b.c"));
    }
}
