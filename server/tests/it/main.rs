//! Tests of the postroom binary over real HTTP, one test binary for all.

mod harness;

mod cli;
mod dovecot;
mod lmtp;
mod portal_http;
mod stats;
mod wire;
