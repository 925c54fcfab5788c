//! Names as the spec's data constraints define them. Each function returns the
//! normalised (lower-case, trimmed) name or a reason usable as a hint.

/// A domain: 3-160 ASCII characters, at least two dot-separated labels of 1-63
/// characters, each starting and ending with a letter or digit, hyphens inside.
pub fn domain(s: &str) -> Result<String, &'static str> {
    let s = s.trim().to_ascii_lowercase();
    if !(3..=160).contains(&s.len()) {
        return Err("Not a valid domain (3 to 160 characters)");
    }
    let labels: Vec<&str> = s.split('.').collect();
    if labels.len() < 2 {
        return Err("Not a valid domain (needs two or more labels)");
    }
    let label_ok = |l: &str| {
        (1..=63).contains(&l.len())
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if labels.iter().all(|l| label_ok(l)) {
        Ok(s)
    } else {
        Err("Not a valid domain")
    }
}

/// The local part of an address a mailbox can be created with ("OMA email
/// address"): 1-64 characters, first a letter or digit, then letters, digits,
/// `.`, `_`, `-`, no two dots in a row.
pub fn local_part(s: &str) -> Result<String, &'static str> {
    let s = s.to_ascii_lowercase();
    let first_ok = s.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric());
    let rest_ok = s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if (1..=64).contains(&s.len()) && first_ok && rest_ok && !s.contains("..") && !s.ends_with('.') {
        Ok(s)
    } else {
        Err("Not a valid mailbox name")
    }
}

/// A mailbox address `local@domain`, split and normalised.
pub fn mailbox(s: &str) -> Result<(String, String), &'static str> {
    let s = s.trim();
    let (local, dom) = s.rsplit_once('@').ok_or("Not a valid email address")?;
    Ok((local_part(local)?, domain(dom)?))
}

/// A workgroup: 1-64 of letters, digits, `.`, `_`, `-` (they appear in role
/// objects as `domain/workgroup`, so no `/`).
pub fn workgroup(s: &str) -> Result<String, &'static str> {
    let s = s.trim().to_ascii_lowercase();
    if (1..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-')) {
        Ok(s)
    } else {
        Err("Not a valid workgroup name")
    }
}

/// A company name as shown (case kept): Text, 1-127 printable ASCII characters.
pub fn company(s: &str) -> Result<String, &'static str> {
    let s = s.trim();
    if (1..=127).contains(&s.len()) && s.bytes().all(|b| (32..=126).contains(&b)) {
        Ok(s.to_string())
    } else {
        Err("Not a valid Text[1-127]")
    }
}

/// A provider admin's login name: 1-64 of letters, digits, `.`, `_`, `-`, no `@`
/// (so it can never collide with a mailbox address).
pub fn provider_admin(s: &str) -> Result<String, &'static str> {
    let s = s.trim().to_ascii_lowercase();
    if (1..=64).contains(&s.len())
        && s.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
    {
        Ok(s)
    } else {
        Err("Not a valid admin name (letters, digits, '.', '_', '-'; no '@')")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains() {
        assert_eq!(domain("Example.COM").ok(), Some("example.com".into()));
        assert!(domain("a.b").is_ok());
        assert!(domain("localhost").is_err());
        assert!(domain("-a.com").is_err());
        assert!(domain("a-.com").is_err());
        assert!(domain("a..com").is_err());
        assert!(domain(&format!("{}.com", "a".repeat(64))).is_err());
        assert!(domain(&format!("{}.com", "a".repeat(63))).is_ok());
        assert!(domain("ex_ample.com").is_err());
    }

    #[test]
    fn mailboxes() {
        assert_eq!(mailbox("Joe.User@Example.com").ok(), Some(("joe.user".into(), "example.com".into())));
        assert!(mailbox("joe..user@example.com").is_err());
        assert!(mailbox(".joe@example.com").is_err());
        assert!(mailbox("joe@example").is_err());
        assert!(mailbox("joe").is_err());
        assert!(mailbox(&format!("{}@example.com", "a".repeat(65))).is_err());
    }

    #[test]
    fn others() {
        assert_eq!(workgroup("Sales").ok(), Some("sales".into()));
        assert!(workgroup("a/b").is_err());
        assert_eq!(company("Example Corp").ok(), Some("Example Corp".into()));
        assert!(company("").is_err());
        assert!(company("Café").is_err());
        assert!(provider_admin("postmaster").is_ok());
        assert!(provider_admin("a@b.c").is_err());
    }
}
