//! Engine tests, one binary (one link) for all of them. Each scenario runs on
//! SQLite and on PostgreSQL (see `common::on_both!`).

#[macro_use]
mod common;

mod admin;
mod auth;
mod brand;
mod bulletin;
mod company;
mod delivery;
mod domain;
mod mailstore;
mod role_matrix;
mod schema;
mod stats;
mod user;
mod user_scale;
mod workgroup;
