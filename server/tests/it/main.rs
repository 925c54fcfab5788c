//! Tests of the postroom binary over real HTTP, one test binary for all.

mod harness;

mod cli;
mod portal_http;
mod wire;
