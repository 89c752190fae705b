//! Use cases. Each runs in one transaction: load, let the domain decide, save state, events and postings together.

pub mod communities;
pub mod health;
pub mod inbox;
pub mod moderation;
pub mod orders;
pub mod outbox;
pub mod payments;
pub mod payouts;
pub mod plan;
pub mod profiles;
pub mod users;

pub use communities::Communities;
pub use moderation::Moderation;
pub use orders::{Orders, ServiceError};
pub use users::{Seen, Users};
