//! A short-lived cache of verified credentials, so that a client repeating the
//! same user+password (or token) does not pay the password hash and the account
//! lookup on every call.
//!
//! Keys are keyed MACs of the credentials (the secret never sits in memory as a
//! map key). Any change that can affect who a caller is or what it may do
//! (password, role, logout, deletion) bumps the generation and so drops every
//! entry at once; entries also expire after the configured TTL, which bounds how
//! long another instance sharing a PostgreSQL database may lag behind such a
//! change.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use super::Caller;

const MAX_ENTRIES: usize = 100_000;

struct Entry {
    caller: Arc<Caller>,
    generation: u64,
    expires_ms: i64,
}

pub struct CredentialCache {
    ttl_ms: i64,
    generation: AtomicU64,
    entries: Mutex<HashMap<[u8; 32], Entry>>,
}

impl CredentialCache {
    pub fn new(ttl_ms: i64) -> CredentialCache {
        CredentialCache { ttl_ms, generation: AtomicU64::new(0), entries: Mutex::new(HashMap::new()) }
    }

    /// Read before looking the caller up in the database; pass it to `insert`.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    pub fn get(&self, key: &[u8; 32], now_ms: i64) -> Option<Arc<Caller>> {
        let current = self.generation();
        let entries = self.entries.lock().ok()?;
        let entry = entries.get(key)?;
        (entry.generation == current && entry.expires_ms > now_ms).then(|| entry.caller.clone())
    }

    /// Caches a verified caller until `min(now + ttl, valid_until_ms)`. An entry
    /// read under an older generation is not stored (a change raced the lookup).
    pub fn insert(&self, key: [u8; 32], caller: Arc<Caller>, generation: u64, now_ms: i64, valid_until_ms: i64) {
        if self.ttl_ms <= 0 || generation != self.generation() {
            return;
        }
        let Ok(mut entries) = self.entries.lock() else { return };
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, e| e.generation == generation && e.expires_ms > now_ms);
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        let expires_ms = (now_ms + self.ttl_ms).min(valid_until_ms);
        entries.insert(key, Entry { caller, generation, expires_ms });
    }

    /// Drops every cached credential. Call after the change has committed.
    pub fn invalidate_all(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::Home;

    fn caller() -> Arc<Caller> {
        Arc::new(Caller { user_id: 1, name: "a".into(), grant: None, home: Home::default() })
    }

    #[test]
    fn entries_expire_and_are_invalidated() {
        let cache = CredentialCache::new(10_000);
        let g = cache.generation();
        cache.insert([1; 32], caller(), g, 0, i64::MAX);
        assert!(cache.get(&[1; 32], 5_000).is_some());
        assert!(cache.get(&[1; 32], 10_000).is_none(), "expired after the TTL");
        cache.insert([2; 32], caller(), g, 0, 3_000);
        assert!(cache.get(&[2; 32], 3_000).is_none(), "never outlives the token");
        cache.invalidate_all();
        assert!(cache.get(&[1; 32], 1).is_none());
        cache.insert([3; 32], caller(), g, 0, i64::MAX);
        assert!(cache.get(&[3; 32], 1).is_none(), "a lookup that raced a change is not cached");
    }

    #[test]
    fn zero_ttl_disables_the_cache() {
        let cache = CredentialCache::new(0);
        cache.insert([1; 32], caller(), cache.generation(), 0, i64::MAX);
        assert!(cache.get(&[1; 32], 0).is_none());
    }
}
