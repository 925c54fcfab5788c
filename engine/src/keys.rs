//! The server key: one random secret kept in the database (so every instance on a
//! shared PostgreSQL uses the same one), behind every keyed MAC the engine makes.

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

use crate::db::Db;
use crate::error::{Error, Result};

type HmacSha256 = Hmac<Sha256>;

#[derive(Clone)]
pub struct Keys {
    server: [u8; 32],
}

impl Keys {
    /// Loads the server key, creating it on first use.
    pub async fn load_or_create(db: &Db) -> Result<Keys> {
        let mut fresh = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut fresh);
        sqlx::query("INSERT INTO secrets (name, value) VALUES ('server_key', $1) ON CONFLICT (name) DO NOTHING")
            .bind(hex::encode(fresh))
            .execute(db.pool())
            .await?;
        let (value,): (String,) =
            sqlx::query_as("SELECT value FROM secrets WHERE name = 'server_key'").fetch_one(db.pool()).await?;
        let bytes = hex::decode(value.trim()).map_err(|_| Error::Internal("server key is not hex".into()))?;
        let server: [u8; 32] =
            bytes.try_into().map_err(|_| Error::Internal("server key has the wrong length".into()))?;
        Ok(Keys { server })
    }

    /// HMAC-SHA256 over `purpose` and the parts, each length-prefixed so that
    /// ("ab","c") and ("a","bc") never collide.
    pub fn mac(&self, purpose: &str, parts: &[&[u8]]) -> [u8; 32] {
        let mut m = <HmacSha256 as Mac>::new_from_slice(&self.server).expect("HMAC accepts any key length");
        for part in std::iter::once(purpose.as_bytes()).chain(parts.iter().copied()) {
            m.update(&(part.len() as u64).to_be_bytes());
            m.update(part);
        }
        m.finalize().into_bytes().into()
    }

    pub fn mac_hex(&self, purpose: &str, parts: &[&[u8]]) -> String {
        hex::encode(self.mac(purpose, parts))
    }
}
