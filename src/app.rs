//! What the handlers (and later the scheduler) share: configuration and the services over one store.

use crate::clock::Clock;
use crate::config::Config;
use crate::services::{Orders, Users};
use crate::store::Store;
use std::sync::Arc;

#[derive(Clone)]
pub struct App {
    pub config: Arc<Config>,
    pub store: Store,
    pub clock: Arc<dyn Clock>,
    pub users: Users,
    pub orders: Orders,
}

impl App {
    pub fn new(config: Config, store: Store, clock: Arc<dyn Clock>) -> App {
        let users = Users::new(store.clone(), clock.clone(), config.timezone);
        let orders = Orders::new(store.clone(), clock.clone(), config.policy());
        App {
            config: Arc::new(config),
            store,
            clock,
            users,
            orders,
        }
    }
}
