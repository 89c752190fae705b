//! The scheduler's work as stored: an order's plan (reminders, auto-approval, clearing) replaced in the
//! transaction that saves the order, and the admins' daily digest.

use crate::store::{StoreError, Tx};
use chrono::{DateTime, NaiveDate, Utc};
use dereja_domain::{Job, Order, Reminders, schedule};
use serde::{Deserialize, Serialize};

/// What a stored job does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "work", rename_all = "snake_case")]
pub enum Work {
    /// A job from an order's plan.
    Order(Job),
    /// The admins' digest of one day.
    Digest { day: NaiveDate },
}

/// Replaces the order's pending jobs with its plan in its current state (in the transaction that saves it).
pub async fn replan(
    tx: &mut Tx,
    order: &Order,
    reminders: &Reminders,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let planned: Vec<(String, DateTime<Utc>, Work)> = schedule::plan(order, reminders)
        .into_iter()
        .map(|job| (job.key(), job.due_at, Work::Order(job)))
        .collect();
    tx.replace_jobs(order.id.0, &planned, now).await
}
