//! Tokens: random, stored as a keyed MAC, typed and expiring.

use rand::RngCore;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// OMA logins only (authenticate's session token, generate_token type oma).
    Oma,
    /// Mail services until expiry; the OMA too when issued with `oma: true`.
    Session,
    /// Single use; mail services, the OMA too when issued with `oma: true`.
    Sso,
    /// The portal's session cookie.
    Portal,
}

impl TokenKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::Oma => "oma",
            TokenKind::Session => "session",
            TokenKind::Sso => "sso",
            TokenKind::Portal => "portal",
        }
    }

    pub fn parse(s: &str) -> Option<TokenKind> {
        [TokenKind::Oma, TokenKind::Session, TokenKind::Sso, TokenKind::Portal].into_iter().find(|k| k.as_str() == s)
    }

    /// Whether a token of this kind (issued with the given `oma` flag) may be
    /// presented as OMA credentials.
    pub fn valid_for_oma(self, oma_flag: bool) -> bool {
        match self {
            TokenKind::Oma => true,
            TokenKind::Session | TokenKind::Sso => oma_flag,
            TokenKind::Portal => false,
        }
    }
}

/// 128 random bits as 32 lower-case hex characters (the form of the spec's examples).
pub fn generate() -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// A caller-chosen token (`token` in authenticate and generate_token): printable
/// ASCII without spaces, 1 to 128 characters.
pub fn valid_custom(token: &str) -> bool {
    (1..=128).contains(&token.len()) && token.bytes().all(|b| (33..=126).contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_tokens_are_distinct_hex() {
        let a = generate();
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        assert_ne!(a, generate());
    }

    #[test]
    fn oma_validity_by_kind() {
        assert!(TokenKind::Oma.valid_for_oma(false));
        assert!(!TokenKind::Session.valid_for_oma(false));
        assert!(TokenKind::Sso.valid_for_oma(true));
        assert!(!TokenKind::Portal.valid_for_oma(true));
    }

    #[test]
    fn custom_tokens() {
        assert!(valid_custom("gabbagabba"));
        assert!(valid_custom("JaneTophatDishwasher"));
        assert!(!valid_custom(""));
        assert!(!valid_custom("has space"));
        assert!(!valid_custom(&"x".repeat(129)));
    }
}
