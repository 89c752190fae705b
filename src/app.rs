//! What the handlers (and the background jobs) share: configuration and the services over one store.

use crate::clock::Clock;
use crate::config::Config;
use crate::services::orders::OrderRules;
use crate::services::payouts::Payouts;
use crate::services::{Orders, Users};
use crate::store::Store;
use crate::telegram::notices::Audience;
use std::sync::Arc;
use tokio::sync::Notify;

#[derive(Clone)]
pub struct App {
    pub config: Arc<Config>,
    pub store: Store,
    pub clock: Arc<dyn Clock>,
    pub users: Users,
    pub orders: Orders,
    pub payouts: Payouts,
    /// Woken when messages were queued.
    pub outbox: Arc<Notify>,
    /// Woken when an order's jobs changed.
    pub scheduler: Arc<Notify>,
    /// The bot's @username, for deep links; known once connected.
    pub bot_username: String,
}

impl App {
    pub fn new(config: Config, store: Store, clock: Arc<dyn Clock>) -> App {
        let outbox = Arc::new(Notify::new());
        let scheduler = Arc::new(Notify::new());
        let audience = Audience {
            admins: config.admins.clone(),
            admin_chat: config.admin_chat,
            telegram_payments: config.payment_provider_token.is_some()
                || config.currency.code() == "XTR",
        };
        let users = Users::new(
            store.clone(),
            clock.clone(),
            config.timezone,
            config.community_language,
        );
        let rules = OrderRules {
            policy: config.policy(),
            reminders: config.reminders.clone(),
            payout_methods: config.payout_methods.clone(),
        };
        let payouts = Payouts::new(
            store.clone(),
            clock.clone(),
            config.payout_methods.clone(),
            audience.clone(),
            outbox.clone(),
        );
        let orders = Orders::new(
            store.clone(),
            clock.clone(),
            rules,
            audience,
            outbox.clone(),
            scheduler.clone(),
        );
        App {
            config: Arc::new(config),
            store,
            clock,
            users,
            orders,
            payouts,
            outbox,
            scheduler,
            bot_username: String::new(),
        }
    }
}
