//! What the handlers (and the background jobs) share: configuration and the services over one store.

use crate::clock::Clock;
use crate::config::Config;
use crate::messages::Audience;
use crate::pacing::Pacer;
use crate::services::health::Health;
use crate::services::inbox::Inbox;
use crate::services::orders::OrderRules;
use crate::services::payouts::Payouts;
use crate::services::{Communities, Moderation, Orders, Users};
use crate::store::Store;
use std::sync::Arc;
use tokio::sync::Notify;

/// How many times an update is tried before it is given up (kept, and shown to the admins).
const INBOX_ATTEMPTS: u32 = 5;

#[derive(Clone)]
pub struct App {
    pub config: Arc<Config>,
    pub store: Store,
    pub clock: Arc<dyn Clock>,
    pub users: Users,
    pub orders: Orders,
    pub payouts: Payouts,
    pub communities: Communities,
    pub moderation: Moderation,
    pub inbox: Inbox,
    pub health: Health,
    /// Telegram's sending limits, kept for every message this bot sends.
    pub pacer: Arc<Pacer>,
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
            communities: config.communities.clone(),
            group_decides: false,
            telegram_payments: config.payment_provider_token.is_some()
                || config.currency == dereja_domain::Currency::XTR,
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
        let communities =
            Communities::new(store.clone(), clock.clone(), config.communities.clone());
        let orders = Orders::new(
            store.clone(),
            clock.clone(),
            rules,
            audience,
            outbox.clone(),
            scheduler.clone(),
        );
        let moderation = Moderation::new(store.clone(), clock.clone(), orders.clone());
        let inbox = Inbox::new(store.clone(), INBOX_ATTEMPTS);
        let health = Health::new(store.clone(), clock.clone(), config.receive_updates);
        let pacer = Arc::new(if config.send_limits {
            Pacer::telegram()
        } else {
            Pacer::unlimited()
        });
        App {
            config: Arc::new(config),
            store,
            clock,
            users,
            orders,
            payouts,
            communities,
            moderation,
            inbox,
            health,
            pacer,
            outbox,
            scheduler,
            bot_username: String::new(),
        }
    }
}

impl App {
    /// The context for asking the rules about `actor` now.
    pub fn context(&self, actor: dereja_domain::Actor) -> dereja_domain::Context {
        dereja_domain::Context {
            actor,
            now: self.clock.now(),
            policy: self.config.policy(),
        }
    }

    /// Forgets what can never matter again (update ids older than Telegram keeps updates, outbox rows settled
    /// long ago), so the tables do not grow with the bot's age. A failure is logged; the bot starts anyway.
    pub async fn prune_history(&self) {
        let before = self.clock.now() - chrono::Duration::days(7);
        let result = async {
            let mut tx = self.store.begin().await?;
            let removed = tx.prune(before).await?;
            tx.commit().await?;
            Ok::<u64, crate::store::StoreError>(removed)
        }
        .await;
        match result {
            Ok(removed) => tracing::info!(removed, "pruned handled updates and settled messages"),
            Err(e) => tracing::warn!(error = %e, "could not prune old rows"),
        }
    }
}
