//! A global admin's moderation: looking a person up, suspending them from new work (and lifting it), pausing new
//! orders for maintenance. Freezing an order is an order command ([`Orders::execute`]). Every action is written to
//! the admin log with the admin's id, in the transaction of the change.

use super::inbox::finish_in;
use super::orders::MAINTENANCE;
use super::profiles;
use super::{Orders, ServiceError};
use crate::clock::Clock;
use crate::store::Store;
use dereja_domain::{Ban, Note, Order, OrderId, Profile, User, UserId};
use std::sync::Arc;

/// How many of a person's orders `/find` lists, newest first.
const FOUND_ORDERS: i64 = 10;

#[derive(Clone)]
pub struct Moderation {
    store: Store,
    clock: Arc<dyn Clock>,
    orders: Orders,
}

/// Everything `/find` shows about a person.
pub struct Person {
    pub user: User,
    pub username: Option<String>,
    pub ban: Option<Ban>,
    pub profile: Profile,
    /// Their latest orders, newest first.
    pub orders: Vec<Order>,
}

impl Moderation {
    pub fn new(store: Store, clock: Arc<dyn Clock>, orders: Orders) -> Moderation {
        Moderation {
            store,
            clock,
            orders,
        }
    }

    /// The person `who` names: `@username` or a Telegram user id; `None` if the bot never met them.
    pub async fn whom(&self, who: &str) -> Result<Option<UserId>, ServiceError> {
        let who = who.trim();
        let mut tx = self.store.begin_read().await?;
        let found = match who.strip_prefix('@') {
            Some(username) => tx.user_by_username(username).await?,
            None => match who.parse::<i64>() {
                Ok(id) => tx.user(UserId(id)).await?.map(|u| u.id),
                Err(_) => None,
            },
        };
        tx.commit().await?;
        Ok(found)
    }

    pub async fn person(&self, user: UserId) -> Result<Option<Person>, ServiceError> {
        let mut tx = self.store.begin_read().await?;
        let (Some(found), Some(profile)) = (
            tx.user(user).await?,
            profiles::profile(&mut tx, user).await?,
        ) else {
            return Ok(None);
        };
        let username = tx.username(user).await?;
        let ban = tx.ban_of(user).await?;
        let mut orders = Vec::new();
        for id in tx.orders_of(user, 0, FOUND_ORDERS).await? {
            if let Some((order, _)) = tx.load_order(id).await? {
                orders.push(order);
            }
        }
        tx.commit().await?;
        Ok(Some(Person {
            user: found,
            username,
            ban,
            profile,
            orders,
        }))
    }

    /// Suspends `user` from opening and joining orders; their running orders go on, and the suspension is written
    /// into the history of each open one. Returns those open orders, for the admin to look at.
    pub async fn ban(
        &self,
        admin: UserId,
        user: UserId,
        reason: Note,
    ) -> Result<Vec<OrderId>, ServiceError> {
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        let ban = Ban {
            by: admin,
            at: now,
            reason: reason.clone(),
        };
        tx.set_ban(user, Some(&ban)).await?;
        let subject = format!("user {}", user.0);
        tx.log_admin_action(now, admin, "ban", &subject, Some(reason.as_str()))
            .await?;
        let open = self
            .orders
            .record_ban_in(&mut tx, admin, user, Some(&reason))
            .await?;
        finish_in(&mut tx).await?;
        tx.commit().await?;
        Ok(open)
    }

    /// Lifts a suspension; `false` if there was none.
    pub async fn unban(&self, admin: UserId, user: UserId) -> Result<bool, ServiceError> {
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        if tx.ban_of(user).await?.is_none() {
            return Ok(false);
        }
        tx.set_ban(user, None).await?;
        let subject = format!("user {}", user.0);
        tx.log_admin_action(now, admin, "unban", &subject, None)
            .await?;
        self.orders
            .record_ban_in(&mut tx, admin, user, None)
            .await?;
        finish_in(&mut tx).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Pauses new orders and joins with `message` for those who try (`Some`), or opens them again (`None`).
    pub async fn set_maintenance(
        &self,
        admin: UserId,
        message: Option<&Note>,
    ) -> Result<(), ServiceError> {
        let now = self.clock.now();
        let message = message.map(Note::as_str);
        let mut tx = self.store.begin().await?;
        tx.set_setting(MAINTENANCE, message).await?;
        let switch = if message.is_some() { "on" } else { "off" };
        tx.log_admin_action(now, admin, "maintenance", switch, message)
            .await?;
        finish_in(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }
}
