//! Folder names: Unicode, `.`-separated in the API and the portal ("2011.Q1",
//! "plus ça change"); IMAP modified UTF-7 (RFC 3501 §5.1.3) on disk, as
//! Dovecot's Maildir++ writes them (`.2011.Q1`, `.plus &AOc-a change`). A raw
//! UTF-8 directory would be listed by Dovecot but could not be selected.

use base64::alphabet::IMAP_MUTF7;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;

pub const INBOX: &str = "INBOX";

const MUTF7: GeneralPurpose = GeneralPurpose::new(
    &IMAP_MUTF7,
    GeneralPurposeConfig::new().with_encode_padding(false).with_decode_padding_mode(DecodePaddingMode::RequireNone),
);

/// A valid folder name: "INBOX" (any case) or components without controls,
/// `/` or leading/trailing spaces, at most 200 bytes once encoded.
pub fn normalize(name: &str) -> Result<String, &'static str> {
    let name = name.trim();
    if name.is_empty() || name.eq_ignore_ascii_case(INBOX) {
        return Ok(INBOX.to_string());
    }
    // A client may send the IMAP (modified UTF-7) form it got from us.
    let name = match decode(name) {
        Some(decoded) if decoded != name => decoded,
        _ => name.to_string(),
    };
    for part in name.split('.') {
        if part.is_empty() {
            return Err("Folder names cannot have empty parts (two dots, or a dot at either end)");
        }
        if part.trim() != part {
            return Err("Folder name parts cannot start or end with a space");
        }
        if part.chars().any(|c| c.is_control() || c == '/' || c == '\\') {
            return Err("Folder names cannot contain control characters, '/' or '\\'");
        }
    }
    if name.split('.').next().is_some_and(|first| first.eq_ignore_ascii_case(INBOX)) && name.contains('.') {
        // Dovecot's INBOX has no children in Maildir++ (".INBOX.x" is a different folder).
        return Err("INBOX cannot have sub-folders");
    }
    if encode(&name).len() > 200 {
        return Err("Folder name is too long");
    }
    Ok(name)
}

/// The directory of a folder under a Maildir++ root: "" for INBOX.
pub fn dir_name(name: &str) -> String {
    if name == INBOX {
        String::new()
    } else {
        format!(".{}", encode(name))
    }
}

/// The directory of a folder in the lazy_expunge tree, where INBOX is a folder too.
pub fn expunged_dir_name(name: &str) -> String {
    format!(".{}", encode(name))
}

/// The folder a Maildir++ directory name (".A.B") stands for, if it is one.
pub fn from_dir_name(dir: &str) -> Option<String> {
    let encoded = dir.strip_prefix('.')?;
    if encoded.is_empty() || encoded.starts_with('.') {
        return None;
    }
    let name = decode(encoded)?;
    if name.eq_ignore_ascii_case(INBOX) {
        return Some(INBOX.to_string());
    }
    normalize(&name).ok().filter(|n| n == &name)
}

/// Modified UTF-7: printable ASCII as is, `&` as `&-`, anything else as
/// UTF-16BE in base64 (`,` for `/`) between `&` and `-`.
pub fn encode(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending: Vec<u16> = Vec::new();
    let flush = |pending: &mut Vec<u16>, out: &mut String| {
        if !pending.is_empty() {
            let bytes: Vec<u8> = pending.iter().flat_map(|u| u.to_be_bytes()).collect();
            out.push('&');
            out.push_str(&MUTF7.encode(bytes));
            out.push('-');
            pending.clear();
        }
    };
    for c in name.chars() {
        if (' '..='~').contains(&c) {
            flush(&mut pending, &mut out);
            if c == '&' {
                out.push_str("&-");
            } else {
                out.push(c);
            }
        } else {
            let mut units = [0u16; 2];
            pending.extend_from_slice(c.encode_utf16(&mut units));
        }
    }
    flush(&mut pending, &mut out);
    out
}

/// The inverse of [`encode`]; None for text that is not valid modified UTF-7.
pub fn decode(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after.find('-')?;
        let chunk = &after[..end];
        if chunk.is_empty() {
            out.push('&');
        } else {
            let bytes = MUTF7.decode(chunk).ok()?;
            if bytes.len() % 2 != 0 {
                return None;
            }
            let units: Vec<u16> = bytes.chunks(2).map(|p| u16::from_be_bytes([p[0], p[1]])).collect();
            let decoded = String::from_utf16(&units).ok()?;
            // Printable ASCII must not be encoded (the form would not be canonical).
            if decoded.chars().any(|c| (' '..='~').contains(&c)) {
                return None;
            }
            out.push_str(&decoded);
        }
        rest = &after[end + 1..];
    }
    if rest.chars().any(|c| !(' '..='~').contains(&c)) {
        return None;
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modified_utf7_round_trips() {
        // The spec's example and Dovecot's observed directory names.
        assert_eq!(encode("plus ça change"), "plus &AOc-a change");
        assert_eq!(encode("Été"), "&AMk-t&AOk-");
        assert_eq!(encode("R&D"), "R&-D");
        assert_eq!(encode("日本語"), "&ZeVnLIqe-");
        assert_eq!(encode("😀"), "&2D3eAA-");
        for name in ["plus ça change", "Été", "R&D", "日本語", "a😀b", "Sent Items", "~x&y"] {
            assert_eq!(decode(&encode(name)).as_deref(), Some(name));
        }
        assert_eq!(decode("R&D"), None);
        assert_eq!(decode("&AGE-"), None, "encoded ASCII is not canonical");
        assert_eq!(decode("Ünï"), None);
    }

    #[test]
    fn names_and_directories() {
        assert_eq!(normalize("inbox").as_deref(), Ok(INBOX));
        assert_eq!(normalize("plus &AOc-a change").as_deref(), Ok("plus ça change"));
        assert_eq!(normalize("R&D").as_deref(), Ok("R&D"));
        assert!(normalize("a..b").is_err());
        assert!(normalize(".a").is_err());
        assert!(normalize("a/b").is_err());
        assert!(normalize("INBOX.x").is_err());
        assert_eq!(dir_name("2011.Q1"), ".2011.Q1");
        assert_eq!(dir_name("Ventes.Été"), ".Ventes.&AMk-t&AOk-");
        assert_eq!(dir_name(INBOX), "");
        assert_eq!(expunged_dir_name(INBOX), ".INBOX");
        assert_eq!(from_dir_name(".Ventes.&AMk-t&AOk-").as_deref(), Some("Ventes.Été"));
        assert_eq!(from_dir_name(".INBOX").as_deref(), Some(INBOX));
        assert_eq!(from_dir_name(".Raw.Ünï"), None);
        assert_eq!(from_dir_name("cur"), None);
        assert_eq!(from_dir_name(".."), None);
    }
}
