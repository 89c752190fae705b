//! Opening orders and running commands on them.

use crate::clock::Clock;
use crate::store::{Store, StoreError};
use dereja_domain::{
    Actor, Command, Context, DomainError, Order, OrderDraft, OrderId, Outcome, Policy,
};
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// A business rule refused the command: explained to the user.
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error("no order {0}")]
    NotFound(OrderId),
    /// Unexpected: logged, the user sees an apology with a reference.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// How often a command is retried when another writer changed the order first. Each retry reloads the order,
/// so the domain decides again on fresh state (a second approval becomes "already approved").
const MAX_ATTEMPTS: usize = 5;

#[derive(Clone)]
pub struct Orders {
    store: Store,
    clock: Arc<dyn Clock>,
    policy: Policy,
}

impl Orders {
    pub fn new(store: Store, clock: Arc<dyn Clock>, policy: Policy) -> Self {
        Orders {
            store,
            clock,
            policy,
        }
    }

    /// Stores a new order with its proposed milestones and the events that opened it.
    pub async fn open(&self, draft: OrderDraft) -> Result<Order, ServiceError> {
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        let id = tx.insert_order(&draft, now).await?;
        let outcome = Order::open(id, draft, now);
        tx.save_order(&outcome.order, 0, now).await?;
        tx.append_events(&outcome.events).await?;
        tx.commit().await?;
        Ok(outcome.order)
    }

    /// Runs `command` by `actor` on an order in one transaction.
    pub async fn execute(
        &self,
        id: OrderId,
        actor: Actor,
        command: Command,
    ) -> Result<Outcome, ServiceError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let now = self.clock.now();
            let mut tx = self.store.begin().await?;
            let (order, version) = tx.load_order(id).await?.ok_or(ServiceError::NotFound(id))?;
            let ctx = Context {
                actor,
                now,
                policy: self.policy,
            };
            let outcome = order.handle(command.clone(), &ctx)?;
            match tx.save_order(&outcome.order, version, now).await {
                Ok(_) => {}
                Err(StoreError::Conflict) if attempt < MAX_ATTEMPTS => {
                    tracing::debug!(order = %id, attempt, "concurrent change, retrying");
                    continue;
                }
                Err(e) => return Err(e.into()),
            }
            tx.append_events(&outcome.events).await?;
            tx.post(&outcome.postings, now).await?;
            tx.commit().await?;
            return Ok(outcome);
        }
    }

    /// The order as stored now.
    pub async fn get(&self, id: OrderId) -> Result<Order, ServiceError> {
        let mut tx = self.store.begin_read().await?;
        let found = tx.load_order(id).await?;
        tx.commit().await?;
        found
            .map(|(order, _)| order)
            .ok_or(ServiceError::NotFound(id))
    }
}
