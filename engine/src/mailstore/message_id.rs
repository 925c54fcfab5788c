//! Message ids handed to clients: the index row, sealed with a MAC over the
//! mailbox's account and the message's file name under the server key. An id
//! cannot be forged or carried into another mailbox (its MAC would not
//! match), and dies with its row (a move to the expunged tree, a restore, a
//! reindex): a stale id is "does not exist", never another message.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use subtle::ConstantTimeEq;

use crate::keys::Keys;

const MAC_BYTES: usize = 16;
const PURPOSE: &str = "mail-message-id";

pub fn seal(keys: &Keys, user_id: i64, row_id: i64, base: &str) -> String {
    let mut bytes = row_id.to_be_bytes().to_vec();
    bytes.extend_from_slice(&mac(keys, user_id, row_id, base));
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The row an id names, if it is well formed; check it with [`verify`] once
/// the row's file name is known.
pub fn row_of(id: &str) -> Option<i64> {
    let bytes = URL_SAFE_NO_PAD.decode(id.trim()).ok()?;
    if bytes.len() != 8 + MAC_BYTES {
        return None;
    }
    Some(i64::from_be_bytes(bytes[..8].try_into().ok()?))
}

pub fn verify(keys: &Keys, id: &str, user_id: i64, row_id: i64, base: &str) -> bool {
    let Ok(bytes) = URL_SAFE_NO_PAD.decode(id.trim()) else { return false };
    bytes.len() == 8 + MAC_BYTES && bool::from(bytes[8..].ct_eq(&mac(keys, user_id, row_id, base)))
}

fn mac(keys: &Keys, user_id: i64, row_id: i64, base: &str) -> [u8; MAC_BYTES] {
    let full = keys.mac(PURPOSE, &[&user_id.to_be_bytes(), &row_id.to_be_bytes(), base.as_bytes()]);
    let mut out = [0u8; MAC_BYTES];
    out.copy_from_slice(&full[..MAC_BYTES]);
    out
}
