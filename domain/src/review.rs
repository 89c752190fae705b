//! Ratings the parties give each other when an order is complete: 1 to 5 stars, one per person and order.

use crate::error::{Action, DomainError, Who};
use crate::ids::{OrderId, UserId};
use crate::milestone::StatusKind;
use crate::order::{Order, Role};
use crate::terms::{Note, TermsError};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// From 1 to 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Stars(u8);

impl Stars {
    pub fn new(n: u8) -> Result<Stars, TermsError> {
        if (1..=5).contains(&n) {
            Ok(Stars(n))
        } else {
            Err(TermsError::OutOfRange { min: 1, max: 5 })
        }
    }

    pub fn get(&self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Stars {
    type Error = TermsError;
    fn try_from(n: u8) -> Result<Self, Self::Error> {
        Stars::new(n)
    }
}

impl From<Stars> for u8 {
    fn from(s: Stars) -> u8 {
        s.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub order: OrderId,
    pub by: UserId,
    /// The party the review is about: the seller for the buyer's review, and the other way round.
    pub about: UserId,
    pub role: Role,
    pub stars: Stars,
    pub text: Option<Note>,
    pub at: DateTime<Utc>,
    /// The milestone a buyer rated; `None` for the rating of the whole order at its completion.
    #[serde(default)]
    pub seq: Option<u16>,
}

impl Order {
    /// A review of the other party, once the order is complete (at least one milestone paid to the seller and
    /// nothing open). `existing` is this reviewer's earlier review of the order, if any.
    pub fn review(
        &self,
        by: UserId,
        stars: Stars,
        text: Option<Note>,
        existing: Option<&Review>,
        now: DateTime<Utc>,
    ) -> Result<Review, DomainError> {
        let role = self.role_of(by).ok_or(DomainError::NotAllowed {
            action: Action::Review,
            who: Who::Party,
        })?;
        let completed = self.is_closed()
            && self
                .milestones
                .iter()
                .any(|m| matches!(m.status.kind(), StatusKind::Approved | StatusKind::Cleared));
        if !completed {
            return Err(DomainError::NotCompleted);
        }
        if existing.is_some() {
            return Err(DomainError::AlreadyReviewed);
        }
        let about = self.party(role.other()).ok_or(DomainError::NotCompleted)?;
        Ok(Review {
            order: self.id,
            by,
            about,
            role,
            stars,
            text,
            at: now,
            seq: None,
        })
    }

    /// The buyer's rating of one approved milestone (the seller rates the buyer once, at completion).
    pub fn review_milestone(
        &self,
        by: UserId,
        seq: u16,
        stars: Stars,
        already_reviewed: bool,
        now: DateTime<Utc>,
    ) -> Result<Review, DomainError> {
        if self.role_of(by) != Some(Role::Buyer) {
            return Err(DomainError::NotAllowed {
                action: Action::Review,
                who: Who::Buyer,
            });
        }
        let m = self
            .milestone(seq)
            .ok_or(DomainError::UnknownMilestone { seq })?;
        if !matches!(m.status.kind(), StatusKind::Approved | StatusKind::Cleared) {
            return Err(DomainError::NotCompleted);
        }
        if already_reviewed {
            return Err(DomainError::AlreadyReviewed);
        }
        let about = self.party(Role::Seller).ok_or(DomainError::NotCompleted)?;
        Ok(Review {
            order: self.id,
            by,
            about,
            role: Role::Buyer,
            stars,
            text: None,
            at: now,
            seq: Some(seq),
        })
    }
}
