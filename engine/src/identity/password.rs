//! Mailbox passwords: validation, hashing and verification.
//!
//! Passwords are stored as `{SCHEME}payload` strings, the convention shared by
//! the OpenSRS Mail API (OMA), LDAP (RFC 2307 userPassword) and Dovecot.
//!
//! * [`classify`] checks a password given in an API request against the OMA
//!   rules: a plain password (1 to 54 characters, ASCII 33 and 35-126) or an
//!   already hashed `{HASHTYPE}hash` string (hash 1 to 150 characters).
//! * [`hash`] turns a plain password into a stored string with one of the OMA
//!   "encodings" ([`Encoding`]).
//! * [`verify`] checks a plain password against any stored string we accept.
//!
//! Hashes we *produce* use Dovecot's scheme names (`{BLF-CRYPT}`,
//! `{MD5-CRYPT}`, `{SSHA256}`), not the OMA ones (`{BCRYPT}`, `{MD5}`):
//! Dovecot may read the stored strings directly and does not know `{BCRYPT}`,
//! and `{MD5}` is ambiguous (md5-crypt to OMA and Dovecot, base64 MD5 to LDAP).
//! For verification both vocabularies are accepted. Dovecot has no SHA-224 or
//! SHA-384 schemes, so `{SSHA224}`/`{SSHA384}` hashes are only readable here.
//!
//! crypt(3)-style hashes are computed by `pwhash`. Its parsers assume
//! well-formed input (control characters underflow an index computation, which
//! panics in debug builds), so every crypt string is checked structurally
//! (`crypt_kind`) before `pwhash` sees it.

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use md5::Md5;
use pwhash::bcrypt::{self, BcryptSetup, BcryptVariant};
use pwhash::HashSetup;
use rand::rngs::OsRng;
use rand::RngCore;
use sha1::Sha1;
use sha2::{Digest, Sha224, Sha256, Sha384, Sha512};
use subtle::ConstantTimeEq;

/// Encodings a plain password can be hashed with (OMA `default_password_encoding`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Md5Crypt,
    Ssha224,
    Ssha256,
    Ssha384,
    Ssha512,
    Bcrypt { cost: u32 },
}

impl Encoding {
    pub const DEFAULT: Encoding = Encoding::Bcrypt { cost: 10 };

    /// The OMA option list, in this order: MD5, SSHA224, SSHA256, SSHA384, SSHA512, BCRYPT-6, BCRYPT-8, BCRYPT-10, BCRYPT-12
    pub const OMA_NAMES: [&'static str; 9] =
        ["MD5", "SSHA224", "SSHA256", "SSHA384", "SSHA512", "BCRYPT-6", "BCRYPT-8", "BCRYPT-10", "BCRYPT-12"];

    /// The encodings named by [`Self::OMA_NAMES`], index for index.
    const OMA_ENCODINGS: [Encoding; 9] = [
        Encoding::Md5Crypt,
        Encoding::Ssha224,
        Encoding::Ssha256,
        Encoding::Ssha384,
        Encoding::Ssha512,
        Encoding::Bcrypt { cost: 6 },
        Encoding::Bcrypt { cost: 8 },
        Encoding::Bcrypt { cost: 10 },
        Encoding::Bcrypt { cost: 12 },
    ];

    /// Parses an OMA encoding name (case-insensitive). Only the exact names of
    /// [`Self::OMA_NAMES`] are accepted, so `BCRYPT-7` gives `None`.
    pub fn from_oma(name: &str) -> Option<Encoding> {
        Self::OMA_NAMES
            .iter()
            .zip(Self::OMA_ENCODINGS)
            .find(|(oma, _)| oma.eq_ignore_ascii_case(name))
            .map(|(_, enc)| enc)
    }

    /// The OMA name of this encoding. A bcrypt cost that has no OMA name
    /// (only reachable by building the enum by hand) gives plain `"BCRYPT"`,
    /// which [`Self::from_oma`] does not accept.
    pub fn oma_name(self) -> &'static str {
        match self {
            Encoding::Md5Crypt => "MD5",
            Encoding::Ssha224 => "SSHA224",
            Encoding::Ssha256 => "SSHA256",
            Encoding::Ssha384 => "SSHA384",
            Encoding::Ssha512 => "SSHA512",
            Encoding::Bcrypt { cost: 6 } => "BCRYPT-6",
            Encoding::Bcrypt { cost: 8 } => "BCRYPT-8",
            Encoding::Bcrypt { cost: 10 } => "BCRYPT-10",
            Encoding::Bcrypt { cost: 12 } => "BCRYPT-12",
            Encoding::Bcrypt { .. } => "BCRYPT",
        }
    }

    /// True when `stored` (a `{SCHEME}...` string) was produced with this encoding (for regen_passwords: re-hash at next login when false). For bcrypt the cost must match too.
    ///
    /// This compares algorithms and parameters, not scheme spellings: a
    /// `{BCRYPT}$2b$10$…` or `{CRYPT}$2a$10$…` string matches `BCRYPT-10` just
    /// like our own `{BLF-CRYPT}$2y$10$…`, and `{MD5}$1$…` matches `MD5`.
    pub fn matches(self, stored: &str) -> bool {
        let Some((scheme, payload)) = parse_stored(stored) else {
            return false;
        };
        match self {
            Encoding::Bcrypt { cost } => {
                matches!(scheme, Scheme::Bcrypt | Scheme::Crypt)
                    && crypt_kind(payload) == Some(CryptKind::Bcrypt { cost })
            }
            Encoding::Md5Crypt => {
                matches!(scheme, Scheme::Md5 | Scheme::Crypt) && crypt_kind(payload) == Some(CryptKind::Md5)
            }
            Encoding::Ssha224 => ssha_matches(Alg::Sha224, scheme, payload),
            Encoding::Ssha256 => ssha_matches(Alg::Sha256, scheme, payload),
            Encoding::Ssha384 => ssha_matches(Alg::Sha384, scheme, payload),
            Encoding::Ssha512 => ssha_matches(Alg::Sha512, scheme, payload),
        }
    }
}

/// Hash a (valid) plain password. Output uses Dovecot-compatible scheme names:
/// Bcrypt → `{BLF-CRYPT}$2y$10$...` (cost zero-padded to 2 digits), Md5Crypt → `{MD5-CRYPT}$1$<8-char salt>$...`,
/// SshaN → `{SSHA256}` + base64(digest || 8..16 random salt bytes) (same for 224/384/512).
/// CPU-heavy for bcrypt: callers run it on a blocking thread, not your concern here.
///
/// The SSHA salt is 16 random bytes. A bcrypt cost outside
/// 4..=31 (not reachable through [`Encoding::from_oma`]) is clamped into it.
pub fn hash(plain: &str, enc: Encoding) -> String {
    match enc {
        Encoding::Bcrypt { cost } => {
            // `$2y$` is what Dovecot (and PHP) write; all three variants are
            // the same algorithm for the ASCII passwords we accept.
            let setup = BcryptSetup {
                salt: None,
                cost: Some(cost.clamp(bcrypt::MIN_COST, bcrypt::MAX_COST)),
                variant: Some(BcryptVariant::V2y),
            };
            // pwhash only fails on an out-of-range cost or a caller-supplied
            // salt; the cost is clamped and the salt is generated by pwhash.
            let hashed = bcrypt::hash_with(setup, plain).expect("bcrypt cost clamped to 4..=31");
            format!("{{BLF-CRYPT}}{hashed}")
        }
        Encoding::Md5Crypt => {
            let setup = HashSetup { salt: None, rounds: None };
            // Deprecated in pwhash as "don't use for new passwords"; OMA still
            // offers MD5 as an encoding, so we must. pwhash can only fail on a
            // caller-supplied salt, and here it generates its own 8-char salt.
            #[allow(deprecated)]
            let hashed = pwhash::md5_crypt::hash_with(setup, plain).expect("generated salt is valid");
            format!("{{MD5-CRYPT}}{hashed}")
        }
        Encoding::Ssha224 => ssha(Alg::Sha224, "SSHA224", plain),
        Encoding::Ssha256 => ssha(Alg::Sha256, "SSHA256", plain),
        Encoding::Ssha384 => ssha(Alg::Sha384, "SSHA384", plain),
        Encoding::Ssha512 => ssha(Alg::Sha512, "SSHA512", plain),
    }
}

/// Verify a plain password against any stored `{SCHEME}...` string listed above. Unknown scheme or malformed hash → false (never panic, never error). Compare digests in constant time (subtle).
pub fn verify(plain: &str, stored: &str) -> bool {
    let Some((scheme, payload)) = parse_stored(stored) else {
        return false;
    };
    let pw = plain.as_bytes();
    match scheme {
        Scheme::Md5 if payload.starts_with('$') => verify_crypt(pw, payload, |k| k == CryptKind::Md5),
        Scheme::Md5 => verify_digest(Alg::Md5, pw, payload),
        Scheme::Bcrypt => verify_crypt(pw, payload, |k| matches!(k, CryptKind::Bcrypt { .. })),
        Scheme::Crypt => verify_crypt(pw, payload, |_| true),
        Scheme::Des => verify_crypt(pw, payload, |k| k == CryptKind::Des),
        Scheme::Sha256Crypt => verify_crypt(pw, payload, |k| k == CryptKind::Sha256),
        Scheme::Sha512Crypt => verify_crypt(pw, payload, |k| k == CryptKind::Sha512),
        Scheme::Digest(alg) => verify_digest(alg, pw, payload),
        Scheme::Salted(alg) => verify_salted(alg, pw, payload),
        // Compare digests of both sides rather than the strings themselves, so
        // the comparison time does not even reveal the stored length.
        Scheme::Plain => ct_eq(&Alg::Sha256.digest(&[pw]), &Alg::Sha256.digest(&[payload.as_bytes()])),
    }
}

/// What [`classify`] found a request's password to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordInput {
    Plain,
    Hashed,
}

/// Validate a password given in a request: Ok(Hashed) for `{KNOWNSCHEME}` + 1..=150 ASCII chars, Ok(Plain) for a valid plain password, Err(reason) otherwise. The reason is a short human text used as an API "hint".
///
/// Anything of the form `{...}rest` is taken as a hashed password (so an
/// unknown type is an error, not a plain password that happens to start with
/// `{`). The hash itself must be printable ASCII (33-126); its structure is
/// not checked here. `{PLAIN}` is refused: it exists only so that cleartext
/// imported from a Dovecot passwd file can be verified.
pub fn classify(input: &str) -> Result<PasswordInput, &'static str> {
    if let Some((name, hashed)) = input.strip_prefix('{').and_then(|rest| rest.split_once('}')) {
        return match lookup_scheme(name) {
            None => Err(HINT_UNKNOWN_TYPE),
            Some(Scheme::Plain) => Err(HINT_PLAIN_SCHEME),
            Some(_) if hashed.is_empty() || hashed.chars().count() > MAX_HASH_LEN => Err(HINT_HASH_LENGTH),
            Some(_) if !hashed.bytes().all(|b| b.is_ascii_graphic()) => Err(HINT_HASH_CHARS),
            Some(_) if excessive_work(hashed) => Err(HINT_HASH_WORK),
            Some(_) => Ok(PasswordInput::Hashed),
        };
    }
    if input.is_empty() || input.chars().count() > MAX_PLAIN_LEN {
        return Err(HINT_PLAIN_LENGTH);
    }
    // OMA: ASCII 33 and 35..=126, i.e. printable ASCII except space and `"`.
    if !input.bytes().all(|b| b.is_ascii_graphic() && b != b'"') {
        return Err(HINT_PLAIN_CHARS);
    }
    Ok(PasswordInput::Plain)
}

/// Whether a stored hash would make every login burn seconds of CPU (bcrypt cost
/// above [`MAX_BCRYPT_COST`], sha-crypt above [`MAX_CRYPT_ROUNDS`] rounds): a
/// caller allowed to set hashed passwords could otherwise stall the server.
fn excessive_work(hashed: &str) -> bool {
    let mut fields = hashed.split('$');
    match (fields.next(), fields.next(), fields.next()) {
        (Some(""), Some("2a" | "2b" | "2y"), Some(cost)) => cost.parse::<u32>().is_ok_and(|c| c > MAX_BCRYPT_COST),
        (Some(""), Some("5" | "6"), Some(rounds)) => {
            rounds.strip_prefix("rounds=").is_some_and(|r| r.parse::<u64>().map_or(true, |n| n > MAX_CRYPT_ROUNDS))
        }
        _ => false,
    }
}

const MAX_BCRYPT_COST: u32 = 14;
const MAX_CRYPT_ROUNDS: u64 = 1_000_000;
const MAX_PLAIN_LEN: usize = 54;
const MAX_HASH_LEN: usize = 150;
/// Salt length of the `{SSHA*}` hashes we produce.
const SSHA_SALT_LEN: usize = 16;

const HINT_PLAIN_LENGTH: &str = "Must be 1 to 54 characters";
const HINT_PLAIN_CHARS: &str = "Contains characters that are not allowed (only ASCII 33 and 35-126)";
const HINT_UNKNOWN_TYPE: &str = "Unknown hash type (allowed: MD5, BCRYPT, CRYPT, DES, SHA, SHA1, \
     SHA224, SHA256, SHA384, SHA512, SSHA, SSHA1, SSHA224, SSHA256, SSHA384, SSHA512, GCRYPT)";
const HINT_PLAIN_SCHEME: &str = "Hash type {PLAIN} is not accepted; send the password unhashed";
const HINT_HASH_LENGTH: &str = "Hash must be 1 to 150 characters after {TYPE}";
const HINT_HASH_WORK: &str = "Hash work factor too high (at most bcrypt cost 14 or 1000000 crypt rounds)";
const HINT_HASH_CHARS: &str = "Hash contains characters that are not allowed (only ASCII 33-126)";

/// The digest algorithms behind the `{SHA*}`, `{SSHA*}` and raw MD5 schemes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Alg {
    Md5,
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl Alg {
    fn digest_len(self) -> usize {
        match self {
            Alg::Md5 => 16,
            Alg::Sha1 => 20,
            Alg::Sha224 => 28,
            Alg::Sha256 => 32,
            Alg::Sha384 => 48,
            Alg::Sha512 => 64,
        }
    }

    /// Digest of the concatenation of `parts`.
    fn digest(self, parts: &[&[u8]]) -> Vec<u8> {
        fn run<D: Digest>(parts: &[&[u8]]) -> Vec<u8> {
            let mut d = D::new();
            for part in parts {
                d.update(part);
            }
            d.finalize().to_vec()
        }
        match self {
            Alg::Md5 => run::<Md5>(parts),
            Alg::Sha1 => run::<Sha1>(parts),
            Alg::Sha224 => run::<Sha224>(parts),
            Alg::Sha256 => run::<Sha256>(parts),
            Alg::Sha384 => run::<Sha384>(parts),
            Alg::Sha512 => run::<Sha512>(parts),
        }
    }
}

/// How the payload of a stored `{SCHEME}payload` string is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scheme {
    /// `{MD5}`, `{MD5-CRYPT}`: md5-crypt `$1$…`, or a raw MD5 digest
    /// (hex as the OMA spec allows, base64 as LDAP writes `{MD5}`).
    Md5,
    /// `{BCRYPT}`, `{BLF-CRYPT}`: `$2a$`/`$2b$`/`$2y$` only.
    Bcrypt,
    /// `{CRYPT}`, `{GCRYPT}`: any crypt(3) string we understand.
    Crypt,
    /// `{DES}`: traditional 13-character DES crypt only.
    Des,
    Sha256Crypt,
    Sha512Crypt,
    /// Unsalted digest, base64 or hex.
    Digest(Alg),
    /// base64(digest || salt).
    Salted(Alg),
    /// Cleartext (Dovecot `{PLAIN}`), verify only.
    Plain,
}

/// Every scheme name we know, upper case (lookups ignore case). The first
/// group is the OMA list, the second Dovecot's names for what we may write or
/// find in a Dovecot passwd file.
const SCHEMES: &[(&str, Scheme)] = &[
    ("MD5", Scheme::Md5),
    ("BCRYPT", Scheme::Bcrypt),
    ("CRYPT", Scheme::Crypt),
    ("DES", Scheme::Des),
    ("SHA", Scheme::Digest(Alg::Sha1)),
    ("SHA1", Scheme::Digest(Alg::Sha1)),
    ("SHA224", Scheme::Digest(Alg::Sha224)),
    ("SHA256", Scheme::Digest(Alg::Sha256)),
    ("SHA384", Scheme::Digest(Alg::Sha384)),
    ("SHA512", Scheme::Digest(Alg::Sha512)),
    ("SSHA", Scheme::Salted(Alg::Sha1)),
    ("SSHA1", Scheme::Salted(Alg::Sha1)),
    ("SSHA224", Scheme::Salted(Alg::Sha224)),
    ("SSHA256", Scheme::Salted(Alg::Sha256)),
    ("SSHA384", Scheme::Salted(Alg::Sha384)),
    ("SSHA512", Scheme::Salted(Alg::Sha512)),
    ("GCRYPT", Scheme::Crypt),
    ("BLF-CRYPT", Scheme::Bcrypt),
    ("MD5-CRYPT", Scheme::Md5),
    ("SHA256-CRYPT", Scheme::Sha256Crypt),
    ("SHA512-CRYPT", Scheme::Sha512Crypt),
    // Dovecot writes PLAIN-MD5 as hex and LDAP-MD5 as base64, but reads
    // either encoding for both (telling them apart by length), as do we.
    ("PLAIN-MD5", Scheme::Digest(Alg::Md5)),
    ("LDAP-MD5", Scheme::Digest(Alg::Md5)),
    ("PLAIN", Scheme::Plain),
];

fn lookup_scheme(name: &str) -> Option<Scheme> {
    SCHEMES.iter().find(|(known, _)| known.eq_ignore_ascii_case(name)).map(|&(_, scheme)| scheme)
}

/// Splits `{SCHEME}payload` and resolves the scheme.
fn parse_stored(stored: &str) -> Option<(Scheme, &str)> {
    let (name, payload) = stored.strip_prefix('{')?.split_once('}')?;
    Some((lookup_scheme(name)?, payload))
}

/// The crypt(3) formats we hand to pwhash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CryptKind {
    Des,
    Md5,
    Sha256,
    Sha512,
    Bcrypt { cost: u32 },
}

/// Recognises a well-formed crypt(3) string. Anything else (including the
/// BSDi `_` and `$sha1$` formats pwhash also knows, which nothing here
/// produces) is `None`, so pwhash only ever sees strings it parses safely.
fn crypt_kind(s: &str) -> Option<CryptKind> {
    if let Some(rest) = s.strip_prefix("$1$") {
        // $1$<salt, 0-8 chars>$<22-char checksum>
        let (salt, sum) = rest.split_once('$')?;
        (salt.len() <= 8 && is_h64(salt) && sum.len() == 22 && is_h64(sum)).then_some(CryptKind::Md5)
    } else if let Some(rest) = s.strip_prefix("$5$") {
        sha_crypt_ok(rest, 43).then_some(CryptKind::Sha256)
    } else if let Some(rest) = s.strip_prefix("$6$") {
        sha_crypt_ok(rest, 86).then_some(CryptKind::Sha512)
    } else if let Some(rest) = ["$2a$", "$2b$", "$2y$"].iter().find_map(|p| s.strip_prefix(p)) {
        // $2?$<2-digit cost>$<22-char salt><31-char checksum>
        let (cost, salt_sum) = rest.split_once('$')?;
        if cost.len() != 2 || !cost.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let cost: u32 = cost.parse().ok()?;
        let ok = (bcrypt::MIN_COST..=bcrypt::MAX_COST).contains(&cost) && salt_sum.len() == 53 && is_h64(salt_sum);
        ok.then_some(CryptKind::Bcrypt { cost })
    } else {
        // Traditional DES: 2 salt chars + 11 checksum chars.
        (s.len() == 13 && is_h64(s)).then_some(CryptKind::Des)
    }
}

/// `[rounds=N$]<salt, 0-16 chars>$<checksum>` after `$5$` / `$6$`.
fn sha_crypt_ok(rest: &str, sum_len: usize) -> bool {
    let rest = match rest.strip_prefix("rounds=") {
        Some(rounds) => match rounds.split_once('$') {
            // glibc accepts at most 999999999 rounds: 9 digits.
            Some((n, rest)) if (1..=9).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()) => rest,
            _ => return false,
        },
        None => rest,
    };
    match rest.split_once('$') {
        Some((salt, sum)) => salt.len() <= 16 && is_h64(salt) && sum.len() == sum_len && is_h64(sum),
        None => false,
    }
}

/// The crypt "hash64" alphabet, shared by all formats above.
fn is_h64(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'/')
}

fn verify_crypt(pw: &[u8], payload: &str, allowed: impl Fn(CryptKind) -> bool) -> bool {
    // pwhash recomputes the string from the password and the stored
    // parameters and compares the two in constant time.
    crypt_kind(payload).is_some_and(allowed) && pwhash::unix::verify(pw, payload)
}

/// base64 as LDAP and Dovecot write it; also accepted without padding.
const B64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// An unsalted digest stored as hex (either case) or base64. The two cannot be
/// confused: a hex string of 2n chars would decode as base64 to 1.5n bytes.
fn decode_digest(alg: Alg, payload: &str) -> Option<Vec<u8>> {
    let n = alg.digest_len();
    let raw = if payload.len() == 2 * n { hex::decode(payload).ok() } else { B64.decode(payload).ok() }?;
    (raw.len() == n).then_some(raw)
}

fn verify_digest(alg: Alg, pw: &[u8], payload: &str) -> bool {
    decode_digest(alg, payload).is_some_and(|stored| ct_eq(&alg.digest(&[pw]), &stored))
}

/// `{SSHA*}`: base64(H(password || salt) || salt), salt at least one byte.
fn verify_salted(alg: Alg, pw: &[u8], payload: &str) -> bool {
    let Ok(raw) = B64.decode(payload) else {
        return false;
    };
    if raw.len() <= alg.digest_len() {
        return false;
    }
    let (stored, salt) = raw.split_at(alg.digest_len());
    ct_eq(&alg.digest(&[pw, salt]), stored)
}

fn ssha_matches(alg: Alg, scheme: Scheme, payload: &str) -> bool {
    scheme == Scheme::Salted(alg) && B64.decode(payload).is_ok_and(|raw| raw.len() > alg.digest_len())
}

fn ssha(alg: Alg, scheme: &str, plain: &str) -> String {
    let mut salt = [0u8; SSHA_SALT_LEN];
    OsRng.fill_bytes(&mut salt);
    let mut raw = alg.digest(&[plain.as_bytes(), &salt]);
    raw.extend_from_slice(&salt);
    format!("{{{scheme}}}{}", STANDARD.encode(raw))
}

fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL_OMA: [Encoding; 9] = Encoding::OMA_ENCODINGS;

    /// A valid plain password using the edge characters of the OMA set.
    const PW: &str = "S3cret!#~{x}";

    // ---- Encoding names ------------------------------------------------

    #[test]
    fn oma_names_in_order_and_round_trip() {
        assert_eq!(
            Encoding::OMA_NAMES,
            ["MD5", "SSHA224", "SSHA256", "SSHA384", "SSHA512", "BCRYPT-6", "BCRYPT-8", "BCRYPT-10", "BCRYPT-12"]
        );
        for name in Encoding::OMA_NAMES {
            let enc = Encoding::from_oma(name).expect(name);
            assert_eq!(enc.oma_name(), name);
            assert_eq!(Encoding::from_oma(&name.to_ascii_lowercase()), Some(enc));
        }
        assert_eq!(Encoding::from_oma("md5"), Some(Encoding::Md5Crypt));
        assert_eq!(Encoding::from_oma("Bcrypt-12"), Some(Encoding::Bcrypt { cost: 12 }));
        assert_eq!(Encoding::from_oma("BCRYPT-10"), Some(Encoding::DEFAULT));
        for bad in ["BCRYPT-7", "BCRYPT", "BCRYPT-010", "SSHA", "SHA256", "MD5-CRYPT", "", " MD5"] {
            assert_eq!(Encoding::from_oma(bad), None, "{bad}");
        }
        assert_eq!(Encoding::Bcrypt { cost: 7 }.oma_name(), "BCRYPT");
    }

    // ---- hash / verify / matches round trips ---------------------------

    /// hash → verify → matches for one encoding. Each bcrypt operation at
    /// cost 12 takes seconds in an unoptimised test build, so this does two
    /// hashes and two verifications and no more.
    fn round_trip(enc: Encoding) {
        let h = hash(PW, enc);
        assert!(verify(PW, &h), "{enc:?}: {h}");
        assert!(!verify("S3cret!#~{y}", &h), "{enc:?} wrong password");
        let h2 = hash(PW, enc);
        assert_ne!(h, h2, "{enc:?} must be salted");
        assert!(enc.matches(&h), "{enc:?} matches own hash {h}");
        assert!(enc.matches(&h2), "{enc:?} matches own hash {h2}");
        assert_eq!(classify(&h), Ok(PasswordInput::Hashed), "{h}");
        for other in ALL_OMA.into_iter().filter(|&o| o != enc) {
            assert!(!other.matches(&h), "{other:?} must not match {h}");
        }
    }

    // Split so the slow bcrypt costs run in parallel with the rest.
    #[test]
    fn round_trip_md5_and_ssha() {
        assert_eq!(classify(PW), Ok(PasswordInput::Plain));
        for enc in &ALL_OMA[..5] {
            assert!(!matches!(enc, Encoding::Bcrypt { .. }));
            round_trip(*enc);
        }
        // Cheap enough here to check the empty password too.
        for enc in &ALL_OMA[..5] {
            assert!(!verify("", &hash(PW, *enc)), "{enc:?}");
        }
    }

    #[test]
    fn round_trip_bcrypt_6_8_10() {
        for cost in [6, 8, 10] {
            round_trip(Encoding::Bcrypt { cost });
        }
    }

    #[test]
    fn round_trip_bcrypt_12() {
        round_trip(Encoding::Bcrypt { cost: 12 });
    }

    #[test]
    fn hash_output_format() {
        let h = hash(PW, Encoding::Bcrypt { cost: 6 });
        assert!(h.starts_with("{BLF-CRYPT}$2y$06$"), "{h}");
        assert_eq!(h.len(), "{BLF-CRYPT}".len() + 60);
        assert!(Encoding::Bcrypt { cost: 6 }.matches(&h));
        assert!(!Encoding::Bcrypt { cost: 10 }.matches(&h));

        let h = hash(PW, Encoding::Md5Crypt);
        let rest = h.strip_prefix("{MD5-CRYPT}$1$").expect(&h);
        let (salt, sum) = rest.split_once('$').expect(&h);
        assert_eq!((salt.len(), sum.len()), (8, 22), "{h}");

        for (enc, scheme, alg) in [
            (Encoding::Ssha224, "{SSHA224}", Alg::Sha224),
            (Encoding::Ssha256, "{SSHA256}", Alg::Sha256),
            (Encoding::Ssha384, "{SSHA384}", Alg::Sha384),
            (Encoding::Ssha512, "{SSHA512}", Alg::Sha512),
        ] {
            let h = hash(PW, enc);
            let raw = STANDARD.decode(h.strip_prefix(scheme).expect(&h)).expect(&h);
            assert_eq!(raw.len(), alg.digest_len() + SSHA_SALT_LEN, "{h}");
            // Recompute by hand from the salt, independently of verify().
            let (digest, salt) = raw.split_at(alg.digest_len());
            assert_eq!(digest, alg.digest(&[PW.as_bytes(), salt]));
        }
    }

    #[test]
    fn matches_by_algorithm_not_spelling() {
        // Foreign spellings of bcrypt, with the cost read from the hash.
        let b04 = "$2b$04$YC/yF8LkGO2tuRoo4AgRoOyStUxkCuIcrPOZq11J0lajubTvfUNpe";
        for scheme in ["{BCRYPT}", "{bcrypt}", "{BLF-CRYPT}", "{CRYPT}", "{GCRYPT}"] {
            assert!(Encoding::Bcrypt { cost: 4 }.matches(&format!("{scheme}{b04}")), "{scheme}");
            assert!(!Encoding::Bcrypt { cost: 10 }.matches(&format!("{scheme}{b04}")));
        }
        assert!(!Encoding::Bcrypt { cost: 4 }.matches(&format!("{{MD5}}{b04}")));

        let md5 = "$1$a1iefyKe$ao0KWZUp8Gwey9SW6NRP10";
        for scheme in ["{MD5}", "{MD5-CRYPT}", "{CRYPT}", "{GCRYPT}"] {
            assert!(Encoding::Md5Crypt.matches(&format!("{scheme}{md5}")), "{scheme}");
        }
        assert!(!Encoding::Md5Crypt.matches("{MD5}8f3c11bc7452e89f7ab32141b76f3f33"));
        assert!(!Encoding::Md5Crypt.matches(&format!("{{BCRYPT}}{md5}")));
        assert!(!Encoding::Bcrypt { cost: 10 }.matches(&format!("{{MD5}}{md5}")));

        let ssha256 = "{SSHA256}c6QqCdo0JGdMIhABIHYlxsZf+09HKxMt6LD9PeqpPrrw8fLz9PX29/j5+vv8/f7/";
        assert!(Encoding::Ssha256.matches(ssha256));
        assert!(!Encoding::Ssha512.matches(ssha256));
        assert!(!Encoding::Ssha256.matches("{SHA256}1jNK3qAVq97B/Ykj1+bwHb+H0dnKZZ8gFy6GRtnoeTI="));
        // A digest with no salt behind it is not an SSHA hash.
        assert!(!Encoding::Ssha256.matches("{SSHA256}1jNK3qAVq97B/Ykj1+bwHb+H0dnKZZ8gFy6GRtnoeTI="));

        for enc in ALL_OMA {
            for junk in ["", "{", "}", "{}", "plain", "{PLAIN}x", "{BLF-CRYPT}", "{SSHA256}!!"] {
                assert!(!enc.matches(junk), "{enc:?} {junk}");
            }
        }
    }

    // ---- Known-answer vectors generated outside Rust --------------------
    //
    // crypt(3) strings: Python 3.11 `crypt.crypt` (glibc 2.36, Debian 12);
    // `openssl passwd -1/-5/-6` gave identical strings for the $1$ vectors and
    // the default-rounds $5$/$6$ ones. SHA*/SSHA*: Python hashlib + base64.
    // bcrypt: PyPI `bcrypt` 5.0.0 (`hashpw` with `gensalt(prefix=b"2a"/b"2b")`).
    // Dovecot: `doveadm pw -s <SCHEME> -p 'Dove#c0t~!'`, Dovecot 2.3.19.1.

    /// Asserts `stored` verifies `pw`, and rejects a near miss and the empty password.
    fn assert_kat(pw: &str, stored: &str) {
        assert!(verify(pw, stored), "{stored} should verify {pw:?}");
        let mut near = pw.to_owned();
        near.pop();
        near.push('?');
        assert!(!verify(&near, stored), "{stored} must reject {near:?}");
        assert!(!verify("", stored), "{stored} must reject the empty password");
    }

    #[test]
    fn kat_des() {
        let des = "abNANd1rDfiNc"; // crypt.crypt('secret', 'ab')
        for scheme in ["{DES}", "{CRYPT}", "{GCRYPT}", "{des}"] {
            assert_kat("secret", &format!("{scheme}{des}"));
        }
        // DES is 8 characters of the password only: a real, if sad, property.
        assert!(verify("secret", "{DES}abNANd1rDfiNc"));
        assert!(!verify("secreT", "{DES}abNANd1rDfiNc"));
        assert!(!verify("secret", "{MD5}abNANd1rDfiNc"));
        assert!(!verify("secret", "{BCRYPT}abNANd1rDfiNc"));
    }

    #[test]
    fn kat_md5_crypt() {
        let vectors =
            [("password", "$1$a1iefyKe$ao0KWZUp8Gwey9SW6NRP10"), ("Tr0ub4dor&3", "$1$Zq3x.9/W$nfljTngzxfLKCb494CuPp1")];
        for (pw, h) in vectors {
            for scheme in ["{MD5}", "{MD5-CRYPT}", "{CRYPT}", "{GCRYPT}", "{md5-crypt}"] {
                assert_kat(pw, &format!("{scheme}{h}"));
            }
            assert!(!verify(pw, &format!("{{DES}}{h}")));
            assert!(!verify(pw, &format!("{{SHA512-CRYPT}}{h}")));
            assert!(!verify(pw, &format!("{{BLF-CRYPT}}{h}")));
        }
    }

    /// The OMA spec's example `{MD5}$1$a1iefyKe$XOYTdl0XE3LcZnveLmrz40.` has a
    /// 23-character checksum; md5-crypt's is always 22 (16 bytes). The final
    /// `.` reads as the sentence's full stop, so the hash is the 22-char form.
    #[test]
    fn oma_spec_md5_example() {
        let spec = "{MD5}$1$a1iefyKe$XOYTdl0XE3LcZnveLmrz40";
        assert_eq!(crypt_kind(spec.trim_start_matches("{MD5}")), Some(CryptKind::Md5));
        assert!(Encoding::Md5Crypt.matches(spec));
        assert_eq!(classify(spec), Ok(PasswordInput::Hashed));
        assert!(!verify("wrong", spec));
        assert!(!verify("password", spec));
        // Same salt, known password (python crypt, openssl passwd -1 -salt a1iefyKe).
        assert_kat("password", "{MD5}$1$a1iefyKe$ao0KWZUp8Gwey9SW6NRP10");

        // Taken literally, with the full stop, it cannot be md5-crypt.
        let literal = "{MD5}$1$a1iefyKe$XOYTdl0XE3LcZnveLmrz40.";
        assert_eq!(crypt_kind(literal.trim_start_matches("{MD5}")), None);
        assert!(!verify("wrong", literal));
        assert!(!Encoding::Md5Crypt.matches(literal));
    }

    #[test]
    fn kat_sha_crypt() {
        let sha256 = [
            "$5$saltsaltsalt1234$7vGdyjuQrNoAPO90am8rhOZN57GnPsumm1wRjyBux/2",
            "$5$rounds=10000$shortsalt$Wmfzc279evaunPiNIfMy2Mc6Hoz5t92XVCih9coVVqA",
        ];
        let sha512 = [
            "$6$abcdefgh12345678$va.5Cu4V3VVDTTqGxBFLJLe96seoR7t27vdfZXImlG605uxgrHTyzCgabN4Vc/Y7Qs3Z1NzMmGGkjXsRvwVIt1",
            "$6$rounds=5000$abcdefgh12345678$va.5Cu4V3VVDTTqGxBFLJLe96seoR7t27vdfZXImlG605uxgrHTyzCgabN4Vc/Y7Qs3Z1NzMmGGkjXsRvwVIt1",
            "$6$rounds=1000$xy$Pzh0Ev0LLMgd9tRn39/5SEzd4RhFZ37CKztgypON42YHHpIe.H8iWDuiwwq31DbgKz/gcgHO7h9JYmJAiSG8C1",
        ];
        for h in sha256 {
            for scheme in ["{SHA256-CRYPT}", "{CRYPT}", "{GCRYPT}"] {
                assert_kat("hunter2", &format!("{scheme}{h}"));
            }
            assert!(!verify("hunter2", &format!("{{SHA512-CRYPT}}{h}")));
            assert!(!verify("hunter2", &format!("{{MD5}}{h}")));
        }
        for h in sha512 {
            for scheme in ["{SHA512-CRYPT}", "{CRYPT}", "{GCRYPT}"] {
                assert_kat("hunter2", &format!("{scheme}{h}"));
            }
            assert!(!verify("hunter2", &format!("{{SHA256-CRYPT}}{h}")));
        }
        // An explicit `rounds=5000` is part of the string: dropping or
        // changing it must not verify.
        assert!(!verify(
            "hunter2",
            "{CRYPT}$6$rounds=5001$abcdefgh12345678$va.5Cu4V3VVDTTqGxBFLJLe96seoR7t27vdfZXImlG605uxgrHTyzCgabN4Vc/Y7Qs3Z1NzMmGGkjXsRvwVIt1"
        ));
    }

    #[test]
    fn kat_bcrypt_all_variants() {
        // bcrypt.hashpw(b"correct#horse", gensalt(rounds=4, prefix=b"2b"))
        let b = "$2b$04$YC/yF8LkGO2tuRoo4AgRoOyStUxkCuIcrPOZq11J0lajubTvfUNpe";
        // bcrypt.hashpw(b"correct#horse", gensalt(rounds=5, prefix=b"2a"))
        let a = "$2a$05$DVBUtXEua7/DOf.NOi2I3ut3aDsDmIGMTFU1AIlKXiEOe1rvVLeCu";
        // bcrypt.hashpw(b"Tr0ub4dor&3", gensalt(rounds=4, prefix=b"2b")), prefix rewritten to 2y.
        let y = "$2y$04$.DxuqUkJ2NZG1Mjrn9oUDOxC9q9dY53HPmnap6XCbzOXGEGz.7kjm";
        let vectors = [
            ("correct#horse", b.to_owned()),
            ("correct#horse", b.replacen("$2b$", "$2a$", 1)),
            ("correct#horse", b.replacen("$2b$", "$2y$", 1)),
            ("correct#horse", a.to_owned()),
            ("correct#horse", a.replacen("$2a$", "$2b$", 1)),
            ("correct#horse", a.replacen("$2a$", "$2y$", 1)),
            ("Tr0ub4dor&3", y.to_owned()),
            ("Tr0ub4dor&3", y.replacen("$2y$", "$2a$", 1)),
        ];
        for (pw, h) in &vectors {
            for scheme in ["{BCRYPT}", "{BLF-CRYPT}", "{CRYPT}", "{GCRYPT}", "{Bcrypt}"] {
                assert_kat(pw, &format!("{scheme}{h}"));
            }
            assert!(!verify(pw, &format!("{{MD5}}{h}")));
            assert!(!verify(pw, &format!("{{DES}}{h}")));
        }
        // Variants pwhash does not implement are rejected, not misread.
        assert!(!verify("correct#horse", &format!("{{BCRYPT}}{}", b.replacen("$2b$", "$2x$", 1))));
        assert!(!verify("correct#horse", &format!("{{BCRYPT}}{}", b.replacen("$2b$", "$2$", 1))));
    }

    #[test]
    fn kat_unsalted_digests() {
        // Digests of "Passw0rd!~#": (schemes, base64, hex)
        let vectors: [(&[&str], &str, &str); 5] = [
            (&["{SHA}", "{SHA1}"], "zAILxOBtDD9ljpRkyhdq315cglk=", "cc020bc4e06d0c3f658e9464ca176adf5e5c8259"),
            (&["{SHA224}"], "a2qfQuTy/1D5zsBE7JRQW34y/PZHP6SMZVMp1w==", "6b6a9f42e4f2ff50f9cec044ec94505b7e32fcf6473fa48c655329d7"),
            (&["{SHA256}"], "1jNK3qAVq97B/Ykj1+bwHb+H0dnKZZ8gFy6GRtnoeTI=", "d6334adea015abdec1fd8923d7e6f01dbf87d1d9ca659f20172e8646d9e87932"),
            (&["{SHA384}"], "E8vExivKy2NIRVMGT7Ep7jkQuIOsw1WFvvytjmEC4ehffjL2vZf84G8XtdxM5tVP", "13cbc4c62bcacb63484553064fb129ee3910b883acc35585befcad8e6102e1e85f7e32f6bd97fce06f17b5dc4ce6d54f"),
            (&["{SHA512}"], "5sJFvv12P0K52Tcn6PUTg0FnRUtXRjikxH/kUJHpbcbTlxO6YyqaBKiqSnVuJf+zQebMBhtdcjwM6pT9vIR5rg==", "e6c245befd763f42b9d93727e8f513834167454b574638a4c47fe45091e96dc6d39713ba632a9a04a8aa4a756e25ffb341e6cc061b5d723c0cea94fdbc8479ae"),
        ];
        for (schemes, b64, hex) in vectors {
            for scheme in schemes {
                assert_kat("Passw0rd!~#", &format!("{scheme}{b64}"));
                assert_kat("Passw0rd!~#", &format!("{scheme}{}", b64.trim_end_matches('=')));
                assert_kat("Passw0rd!~#", &format!("{scheme}{hex}"));
                assert_kat("Passw0rd!~#", &format!("{scheme}{}", hex.to_ascii_uppercase()));
            }
        }
        // A digest under the wrong algorithm's name.
        assert!(!verify("Passw0rd!~#", "{SHA512}1jNK3qAVq97B/Ykj1+bwHb+H0dnKZZ8gFy6GRtnoeTI="));

        // MD5 of "Passw0rd!~#".
        let (md5_b64, md5_hex) = ("jzwRvHRS6J96syFBt28/Mw==", "8f3c11bc7452e89f7ab32141b76f3f33");
        for stored in [
            format!("{{PLAIN-MD5}}{md5_hex}"),
            format!("{{LDAP-MD5}}{md5_b64}"),
            format!("{{MD5}}{md5_hex}"),
            format!("{{MD5}}{}", md5_hex.to_ascii_uppercase()),
            format!("{{MD5-CRYPT}}{md5_hex}"),
            // Dovecot reads either encoding under either name.
            format!("{{PLAIN-MD5}}{md5_b64}"),
            format!("{{LDAP-MD5}}{md5_hex}"),
            // LDAP's {MD5} is base64.
            format!("{{MD5}}{md5_b64}"),
        ] {
            assert_kat("Passw0rd!~#", &stored);
        }
    }

    #[test]
    fn kat_salted_digests() {
        // base64(H("Passw0rd!~#" || salt) || salt), salts of 8, 4, 8, 16, 1 and 16 bytes.
        let vectors = [
            "{SSHA}x0OtNMfiuMYrkao20CjcuwiMhDkBAgMEBQYHCA==",
            "{SSHA1}UYwdbevnLZKsdtZGl2tILHwQnSXerb7v",
            "{SSHA224}rnYOjuVbjIyCZPfvB7Brd11wM67NeLBnU4k4RXNhbHRzYWx0",
            "{SSHA256}c6QqCdo0JGdMIhABIHYlxsZf+09HKxMt6LD9PeqpPrrw8fLz9PX29/j5+vv8/f7/",
            "{SSHA384}wIaAVLZQVM0oGMi3oESna8u/Y/6jNlSzU+1ZWHZqPrtUebNQeIasXIsmu17kaSU+AA==",
            "{SSHA512}1pOV2lgSyDIsekYALUSNo2c6agk226IF+yzJAfTQ77Y2ULGy2vxKXqiStRR1R+9sp+TXqI82ox7xADZBkUF3FTAxMjM0NTY3ODlhYmNkZWY=",
        ];
        for stored in vectors {
            assert_kat("Passw0rd!~#", stored);
            // Scheme names are case-insensitive; the base64 payload is not.
            let (scheme, payload) = stored.split_at(stored.find('}').map_or(0, |i| i + 1));
            assert_kat("Passw0rd!~#", &format!("{}{payload}", scheme.to_ascii_lowercase()));
        }
        // {SSHA} and {SSHA1} are the same scheme.
        assert_kat("Passw0rd!~#", "{SSHA1}x0OtNMfiuMYrkao20CjcuwiMhDkBAgMEBQYHCA==");
        assert_kat("Passw0rd!~#", "{SSHA}UYwdbevnLZKsdtZGl2tILHwQnSXerb7v");
    }

    #[test]
    fn kat_dovecot() {
        // doveadm pw -s <SCHEME> -p 'Dove#c0t~!' (Dovecot 2.3.19.1, Debian 12).
        let vectors = [
            "{BLF-CRYPT}$2y$05$sYSIMqdtY4VihcmJH4TLZ.GmpZ1bS22.StIGILb33RkZsMG/AmTZu",
            "{MD5-CRYPT}$1$f9OL92FB$ytiUqPKf8zE5hgQrQtRnw1",
            "{MD5}$1$vKmSdv9Y$O7OJa/Dp/89DEzTZodLOt/",
            "{CRYPT}$2y$05$etv9WAhHzjwahj6ZAgHoH.kISc/O8/nosdgXfUifkGAHpLkumGQrG",
            "{SHA256-CRYPT}$5$jYIi9yTvDQORMExK$8pCzMYVz741sGw1scgFVJkWY6FfG3.Bfg.rLRwt/a//",
            "{SHA512-CRYPT}$6$ucJYAZEDA2lsiyrS$EgMrDVtDBPF1yl84qglRwDRDUfCVZpZ6202cLUVYWpFHwR//fDVCu0J4w3WkZloJ7N9tDT7eawEZGYRuYKCc7/",
            "{SSHA}gGET8F+1T0aJcMs34xHrGo6ynne4GIts",
            "{SSHA256}goRGgn7Mh4NAYJP56V2OzQQwGtmlqoEwWgk4Zn48oBkUG2MR",
            "{SSHA512}UniG3S6mZjwUrEkqddM9tZlRQ4k3nIkEwkYPdisDIedr28LGN/r2YGqJCsJbi3WNwK5LCq527fOudvPilNLYtZgWUdQ=",
            "{SHA}irvacHJ+fDjeQhCVNKnI3Cj/Gp4=",
            "{SHA256}ThrFDt0ikAj7vgOEjhttCqCszb+M94j5G6kDXeXmibM=",
            "{SHA512}DQtwStXKECVGm1AQn9rvyf+uDPbX6a16pWksa/A7lZ+tg2tIko2h+cJYcM8hgqZqKnfjrQW5s3kzgMnockwpIA==",
            "{PLAIN-MD5}8bd16eaead5bce31ef29159c3778a9cb",
            "{LDAP-MD5}i9Furq1bzjHvKRWcN3ipyw==",
            "{PLAIN}Dove#c0t~!",
        ];
        for stored in vectors {
            assert_kat("Dove#c0t~!", stored);
        }
    }

    #[test]
    fn plain_scheme() {
        assert_kat("open}sesame", "{PLAIN}open}sesame");
        assert!(!verify("open", "{PLAIN}open}sesame"));
        assert!(!verify("", "{PLAIN}x"));
        assert!(verify("", "{PLAIN}"));
    }

    // ---- classify --------------------------------------------------------

    #[test]
    fn classify_plain_boundaries() {
        let ok = |s: &str| assert_eq!(classify(s), Ok(PasswordInput::Plain), "{s:?}");
        let err = |s: &str, hint: &str| assert_eq!(classify(s), Err(hint), "{s:?}");

        ok("a");
        ok(&"x".repeat(54));
        err(&"x".repeat(55), HINT_PLAIN_LENGTH);
        err("", HINT_PLAIN_LENGTH);
        ok("!");
        ok("#");
        ok("~");
        ok("!#$%&'()*+,-./0123456789:;<=>?@AZ[\\]^_`az{|}~");
        ok("{abc"); // no closing brace: not a hash
        ok("abc}{");
        err("pass word", HINT_PLAIN_CHARS);
        err("pass\"word", HINT_PLAIN_CHARS);
        err("pass\u{7f}word", HINT_PLAIN_CHARS);
        err("passwörd", HINT_PLAIN_CHARS);
        err("é", HINT_PLAIN_CHARS);
        err("tab\there", HINT_PLAIN_CHARS);
        err("nul\0", HINT_PLAIN_CHARS);
        // 54 characters but more bytes: length is counted in characters, and
        // the characters are then refused.
        err(&"é".repeat(54), HINT_PLAIN_CHARS);
        err(&"é".repeat(55), HINT_PLAIN_LENGTH);
        // Every byte of the allowed set, one by one.
        for b in 0u8..=127 {
            let s = char::from(b).to_string();
            let allowed = b == 33 || (35..=126).contains(&b);
            assert_eq!(classify(&s).is_ok(), allowed, "byte {b}");
        }
    }

    #[test]
    fn classify_hashed() {
        let hashed = |s: &str| assert_eq!(classify(s), Ok(PasswordInput::Hashed), "{s:?}");
        let err = |s: &str, hint: &str| assert_eq!(classify(s), Err(hint), "{s:?}");

        for (name, _) in SCHEMES.iter().filter(|(n, _)| *n != "PLAIN") {
            hashed(&format!("{{{name}}}x"));
            hashed(&format!("{{{}}}x", name.to_ascii_lowercase()));
        }
        hashed("{Ssha512}abc");
        hashed("{BCRYPT}$2y$10$abc");
        hashed(&format!("{{SSHA512}}{}", "A".repeat(150)));
        // The OMA limit is on the hash, not the whole string, and independent
        // of the 54-character plain limit.
        hashed(&format!("{{SHA512-CRYPT}}{}", "A".repeat(150)));

        err(&format!("{{SSHA512}}{}", "A".repeat(151)), HINT_HASH_LENGTH);
        err("{SSHA512}", HINT_HASH_LENGTH);
        err("{MD5}", HINT_HASH_LENGTH);
        err("{FOO}abc", HINT_UNKNOWN_TYPE);
        err("{}abc", HINT_UNKNOWN_TYPE);
        err("{ MD5}abc", HINT_UNKNOWN_TYPE);
        err("{SHA3}abc", HINT_UNKNOWN_TYPE);
        err("{ARGON2ID}abc", HINT_UNKNOWN_TYPE);
        err("{PLAIN}secret", HINT_PLAIN_SCHEME);
        err("{plain}secret", HINT_PLAIN_SCHEME);
        err("{MD5}a b", HINT_HASH_CHARS);
        err("{MD5}abc\n", HINT_HASH_CHARS);
        err("{MD5}abcé", HINT_HASH_CHARS);
        // The whole 150-character budget counts characters, not bytes.
        err(&format!("{{MD5}}{}", "é".repeat(80)), HINT_HASH_CHARS);
    }

    // ---- robustness ---------------------------------------------------------

    #[test]
    fn verify_rejects_garbage_without_panicking() {
        let garbage = [
            "",
            "{",
            "}",
            "{}",
            "{}x",
            "{BCRYPT}x",
            "{BCRYPT}",
            "{BCRYPT}$2y$",
            "{BCRYPT}$2y$10$",
            "{BCRYPT}$2y$99$YC/yF8LkGO2tuRoo4AgRoOyStUxkCuIcrPOZq11J0lajubTvfUNpe",
            "{BCRYPT}$2y$03$YC/yF8LkGO2tuRoo4AgRoOyStUxkCuIcrPOZq11J0lajubTvfUNpe",
            "{BCRYPT}$2y$4$YC/yF8LkGO2tuRoo4AgRoOyStUxkCuIcrPOZq11J0lajubTvfUNpe",
            "{BCRYPT}$2y$+4$YC/yF8LkGO2tuRoo4AgRoOyStUxkCuIcrPOZq11J0lajubTvfUNpe",
            "{BCRYPT}$2b$04$YC/yF8LkGO2tuRoo4AgRoOyStUxkCuIcrPOZq11J0lajubTvfUNp\u{1}",
            "{BCRYPT}$2b$04$YC/yF8LkGO2tuRoo4AgRoOyStUxkCuIcrPOZq11J0lajubTvfUNpé",
            // Control characters in the salt made pwhash underflow (debug panic).
            "{BCRYPT}$2b$04$\u{1}C/yF8LkGO2tuRoo4AgRoOyStUxkCuIcrPOZq11J0lajubTvfUNpe",
            "{CRYPT}",
            "{CRYPT}$",
            "{CRYPT}$$",
            "{CRYPT}$1$",
            "{CRYPT}$1$$",
            "{CRYPT}$1$\u{1}\u{2}$ao0KWZUp8Gwey9SW6NRP10",
            "{CRYPT}$1$a1iefyKeX$ao0KWZUp8Gwey9SW6NRP10",
            "{CRYPT}$5$rounds=$salt$7vGdyjuQrNoAPO90am8rhOZN57GnPsumm1wRjyBux/2",
            "{CRYPT}$5$rounds=-1$salt$7vGdyjuQrNoAPO90am8rhOZN57GnPsumm1wRjyBux/2",
            "{CRYPT}$5$rounds=99999999999$salt$7vGdyjuQrNoAPO90am8rhOZN57GnPsumm1wRjyBux/2",
            "{CRYPT}$5$rounds=1000",
            "{CRYPT}$6$\u{0}$",
            "{CRYPT}$6$salt$short",
            "{CRYPT}$sha1$19703$iVdJqfSE$v4qYKl1zqYThwpjJAoKX6UvlHq/a",
            "{CRYPT}_J9..CCCCXBrJUJV154M",
            "{CRYPT}\u{1}\u{1}NANd1rDfiNc",
            "{CRYPT}abNANd1rDfiN",
            "{CRYPT}abNANd1rDfiNc!",
            "{DES}$1$a1iefyKe$ao0KWZUp8Gwey9SW6NRP10",
            "{DES}ab",
            "{MD5}",
            "{MD5}$1$",
            "{MD5}zz3c11bc7452e89f7ab32141b76f3f33",
            "{MD5}8f3c11bc7452e89f7ab32141b76f3f3",
            "{SSHA}",
            "{SSHA}AAAA",
            // A bare SHA-1 digest: salt of length zero.
            "{SSHA}zAILxOBtDD9ljpRkyhdq315cglk=",
            "{SSHA512}not base64!!",
            "{SSHA256}====",
            "{SHA}",
            "{SHA}zAILxOBtDD9ljpRkyhdq315cgl",
            "{SHA256}\u{0}",
            "{SHA1}cc020bc4e06d0c3f658e9464ca176adf5e5c825g",
            "{PLAIN-MD5}xyz",
            "{LDAP-MD5}",
            "{UNKNOWN}Passw0rd!~#",
            "{{PLAIN}}Passw0rd!~#",
            "PLAIN}Passw0rd!~#",
            "Passw0rd!~#",
        ];
        for stored in garbage {
            for pw in ["", "Passw0rd!~#", "secret", "password", "correct#horse", "hunter2"] {
                assert!(!verify(pw, stored), "{stored:?} verified {pw:?}");
            }
        }
        for enc in ALL_OMA {
            for stored in garbage {
                assert!(!enc.matches(stored), "{enc:?} matched {stored:?}");
            }
        }
    }

    #[test]
    fn verify_odd_plain_inputs_without_panicking() {
        // verify() is called with whatever a login form sends.
        let h = "{CRYPT}$1$a1iefyKe$ao0KWZUp8Gwey9SW6NRP10";
        for pw in ["", "\0", "pass\0word", "é", &"x".repeat(10_000)] {
            assert!(!verify(pw, h));
            assert!(!verify(pw, "{BCRYPT}$2b$04$YC/yF8LkGO2tuRoo4AgRoOyStUxkCuIcrPOZq11J0lajubTvfUNpe"));
            assert!(!verify(pw, "{DES}abNANd1rDfiNc"));
        }
    }

    #[test]
    fn hashes_that_would_stall_logins_are_refused() {
        let slow = "{BLF-CRYPT}$2y$15$abcdefghijklmnopqrstuuabcdefghijklmnopqrstuvwxyz01234";
        assert_eq!(classify(slow), Err(HINT_HASH_WORK));
        let ok = "{BLF-CRYPT}$2y$14$abcdefghijklmnopqrstuuabcdefghijklmnopqrstuvwxyz01234";
        assert_eq!(classify(ok), Ok(PasswordInput::Hashed));
        assert_eq!(classify("{CRYPT}$6$rounds=999999999$salt$hash"), Err(HINT_HASH_WORK));
        assert_eq!(classify("{CRYPT}$6$rounds=5000$salt$hash"), Ok(PasswordInput::Hashed));
        assert_eq!(classify("{CRYPT}$6$salt$hash"), Ok(PasswordInput::Hashed));
    }
}
