//! Actions on many accounts at once (the users table's selection): each is the
//! OMA method a person would call per account, with its rights, checks and
//! change log; one account failing does not stop the others.

use serde_json::{Map, Value};

use super::{change_user, delete_user, restore_user};
use crate::attributes::options::SERVICES;
use crate::error::Result;
use crate::{Ctx, Engine};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BulkAction {
    /// Every service suspended (the account neither receives nor sends).
    Suspend,
    /// Every service enabled.
    Enable,
    MoveTo {
        workgroup: String,
    },
    Delete,
    /// Deleted accounts back under their own names.
    Restore,
}

/// An account to act on; deleted ones with the id restore_user takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub user: String,
    pub id: Option<String>,
}

pub async fn apply(engine: &Engine, ctx: &Ctx, action: &BulkAction, targets: &[Target]) -> Vec<Result<()>> {
    let mut results = Vec::with_capacity(targets.len());
    for target in targets {
        results.push(one(engine, ctx, action, target).await);
    }
    results
}

async fn one(engine: &Engine, ctx: &Ctx, action: &BulkAction, target: &Target) -> Result<()> {
    let user = target.user.clone();
    let change =
        |attributes: Map<String, Value>| change_user::Request { user: user.clone(), attributes, create_only: None };
    let services = |state: &str| SERVICES.iter().map(|s| (s.to_string(), Value::from(state))).collect();
    match action {
        BulkAction::Suspend => change_user::change_user(engine, ctx, change(services("suspended"))).await.map(drop),
        BulkAction::Enable => change_user::change_user(engine, ctx, change(services("enabled"))).await.map(drop),
        BulkAction::MoveTo { workgroup } => {
            let attributes = [("workgroup".to_string(), Value::from(workgroup.as_str()))].into_iter().collect();
            change_user::change_user(engine, ctx, change(attributes)).await.map(drop)
        }
        BulkAction::Delete => delete_user::delete_user(engine, ctx, delete_user::Request { user }).await.map(drop),
        BulkAction::Restore => {
            let request =
                restore_user::Request { id: target.id.clone().unwrap_or_default(), new_name: user.clone(), user };
            restore_user::restore_user(engine, ctx, request).await.map(drop)
        }
    }
}
