//! A person's track record, read from the events of their orders: what a counterparty sees before accepting and
//! what an admin sees in a dispute.

use crate::command::{Actor, Resolution, Role};
use crate::event::{Event, EventKind};
use crate::ids::{OrderId, UserId};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// Lost disputes from which an admin notice flags the person.
pub const FLAG_AFTER_LOST_DISPUTES: u32 = 2;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TrackRecord {
    /// Milestones approved (by the buyer, automatically or in a dispute) in the person's orders, either side.
    pub completed: u32,
    /// Milestones the person delivered as the seller, and how many of them by the deadline.
    pub delivered: u32,
    pub on_time: u32,
    pub disputes_opened: u32,
    /// Disputes resolved against the person: released to the seller when they were the buyer, refunded when
    /// they were the seller (a split is nobody's loss).
    pub disputes_lost: u32,
    /// Milestones or orders the person cancelled.
    pub cancellations: u32,
}

impl TrackRecord {
    /// The record of `user` from all events of the orders they are a party to, oldest first.
    pub fn of(user: UserId, events: &[Event]) -> TrackRecord {
        let mut record = TrackRecord::default();
        let mut roles: HashMap<OrderId, Role> = HashMap::new();
        let mut due: HashMap<(OrderId, u16), DateTime<Utc>> = HashMap::new();
        let mut delivered: HashMap<(OrderId, u16), bool> = HashMap::new();
        for event in events {
            let by_user = matches!(event.actor, Actor::User { id, .. } if id == user);
            let key = (event.order, event.seq.unwrap_or_default());
            match &event.kind {
                EventKind::OrderOpened { by, .. } if by_user => {
                    roles.insert(event.order, *by);
                }
                EventKind::PartyJoined { role, user: who } if *who == user => {
                    roles.insert(event.order, *role);
                }
                EventKind::Started { due_at } | EventKind::DeadlineExtended { due_at } => {
                    due.insert(key, *due_at);
                }
                EventKind::Delivered { .. }
                    if by_user && roles.get(&event.order) == Some(&Role::Seller) =>
                {
                    // The first delivery counts: a revision is not late delivery.
                    if let std::collections::hash_map::Entry::Vacant(slot) = delivered.entry(key) {
                        let on_time = due.get(&key).is_none_or(|d| event.at <= *d);
                        slot.insert(on_time);
                        record.delivered += 1;
                        record.on_time += u32::from(on_time);
                    }
                }
                EventKind::Approved { .. } if roles.contains_key(&event.order) => {
                    record.completed += 1;
                }
                EventKind::DisputeOpened { .. } if by_user => record.disputes_opened += 1,
                EventKind::DisputeResolved { resolution, .. } => {
                    let lost = matches!(
                        (roles.get(&event.order), resolution),
                        (Some(Role::Buyer), Resolution::Release)
                            | (Some(Role::Seller), Resolution::Refund)
                    );
                    record.disputes_lost += u32::from(lost);
                }
                EventKind::Cancelled { .. } if by_user => record.cancellations += 1,
                _ => {}
            }
        }
        record
    }

    /// Percentage of deliveries made by the deadline, once there is one.
    pub fn on_time_percent(&self) -> Option<u32> {
        (self.delivered > 0).then(|| self.on_time * 100 / self.delivered)
    }

    /// Shown as a warning to admins.
    pub fn flagged(&self) -> bool {
        self.disputes_lost >= FLAG_AFTER_LOST_DISPUTES
    }
}

/// What the bot shows of a person: their name, since when they use the bot, their record and rating.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub user: UserId,
    pub name: String,
    pub since: Option<DateTime<Utc>>,
    pub record: TrackRecord,
    /// Sum of the stars others gave, and how many ratings.
    pub stars: i64,
    pub ratings: i64,
}

impl Profile {
    /// The average rating to one decimal (`4.5`), once there is a rating.
    pub fn rating(&self) -> Option<String> {
        (self.ratings > 0).then(|| {
            let tenths = (self.stars * 10 + self.ratings / 2) / self.ratings;
            format!("{}.{}", tenths / 10, tenths % 10)
        })
    }
}
