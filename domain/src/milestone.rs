//! One step of an order: its agreed terms and where it stands in its lifecycle.
//!
//! ```text
//! Proposed ──accept──> AwaitingFunding ──fund / confirm payment──> Funded ──(its turn)──> InProgress
//!   │  ↑ revise            │ report payment ↔ reject                                     │ deliver
//!   │  ChangesRequested    PaymentReported                                               v
//!   ├─decline─> Declined                                 RevisionRequested <──revision── Delivered
//!   └─cancel──> Cancelled (also from AwaitingFunding)           └──────deliver──────────>  │ approve / auto-approve
//!                                                                                         v
//! Funded..Delivered ──dispute──> Disputed ──release / split──> Approved ──clear──> Cleared
//!                                   └──refund──> Refunded  (also: cancellation by agreement)
//! ```
//! The transitions themselves live in [`crate::order`], which knows the parties and the sequence.

use crate::money::Money;
use crate::order::{PaymentRef, Role};
use crate::terms::{MilestoneTerms, Note};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Status {
    /// Waiting for the counterparty of `proposed_by`.
    Proposed,
    /// The counterparty asked the proposer to change the terms.
    ChangesRequested {
        note: Note,
    },
    Declined {
        at: DateTime<Utc>,
    },
    /// Accepted by both; the buyer has not paid yet.
    AwaitingFunding,
    /// The buyer says a manual transfer was made; an admin must confirm it.
    PaymentReported {
        reference: Note,
        at: DateTime<Utc>,
    },
    /// Money held; waiting for the previous milestones to finish.
    Funded {
        at: DateTime<Utc>,
        payment: PaymentRef,
    },
    InProgress {
        started_at: DateTime<Utc>,
        due_at: DateTime<Utc>,
        /// The seller's latest progress note, if any: quiet work gets a gentle reminder.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        progress_at: Option<DateTime<Utc>>,
    },
    Delivered {
        delivered_at: DateTime<Utc>,
        due_at: DateTime<Utc>,
        auto_approve_at: DateTime<Utc>,
        /// The checklist items (0-based) the buyer ticked as received, in order.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        ticked: Vec<u8>,
    },
    RevisionRequested {
        requested_at: DateTime<Utc>,
        due_at: DateTime<Utc>,
        feedback: Note,
    },
    /// Frozen: the status it left is kept, its timers resume shifted by the time spent here.
    Disputed {
        opened_by: Role,
        opened_at: DateTime<Utc>,
        reason: Note,
        paused: Box<Status>,
    },
    /// Released to the seller's pending balance until `clears_at`.
    Approved {
        approved_at: DateTime<Utc>,
        clears_at: DateTime<Utc>,
        released: Money,
    },
    Cleared {
        cleared_at: DateTime<Utc>,
        released: Money,
    },
    Refunded {
        at: DateTime<Utc>,
    },
    Cancelled {
        at: DateTime<Utc>,
    },
}

/// The status without its data: for errors, database columns and indexes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusKind {
    Proposed,
    ChangesRequested,
    Declined,
    AwaitingFunding,
    PaymentReported,
    Funded,
    InProgress,
    Delivered,
    RevisionRequested,
    Disputed,
    Approved,
    Cleared,
    Refunded,
    Cancelled,
}

impl StatusKind {
    pub const ALL: [StatusKind; 14] = [
        StatusKind::Proposed,
        StatusKind::ChangesRequested,
        StatusKind::Declined,
        StatusKind::AwaitingFunding,
        StatusKind::PaymentReported,
        StatusKind::Funded,
        StatusKind::InProgress,
        StatusKind::Delivered,
        StatusKind::RevisionRequested,
        StatusKind::Disputed,
        StatusKind::Approved,
        StatusKind::Cleared,
        StatusKind::Refunded,
        StatusKind::Cancelled,
    ];

    /// The kind named by [`StatusKind::as_str`].
    pub fn parse(name: &str) -> Option<StatusKind> {
        StatusKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            StatusKind::Proposed => "proposed",
            StatusKind::ChangesRequested => "changes_requested",
            StatusKind::Declined => "declined",
            StatusKind::AwaitingFunding => "awaiting_funding",
            StatusKind::PaymentReported => "payment_reported",
            StatusKind::Funded => "funded",
            StatusKind::InProgress => "in_progress",
            StatusKind::Delivered => "delivered",
            StatusKind::RevisionRequested => "revision_requested",
            StatusKind::Disputed => "disputed",
            StatusKind::Approved => "approved",
            StatusKind::Cleared => "cleared",
            StatusKind::Refunded => "refunded",
            StatusKind::Cancelled => "cancelled",
        }
    }

    /// Nothing can happen to it any more.
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            StatusKind::Declined
                | StatusKind::Cleared
                | StatusKind::Refunded
                | StatusKind::Cancelled
        )
    }

    /// The work is over (money may still be clearing): the next milestone may start.
    pub fn is_settled(&self) -> bool {
        self.is_terminal() || *self == StatusKind::Approved
    }

    /// Money sits in escrow.
    pub fn holds_funds(&self) -> bool {
        matches!(
            self,
            StatusKind::Funded
                | StatusKind::InProgress
                | StatusKind::Delivered
                | StatusKind::RevisionRequested
                | StatusKind::Disputed
        )
    }
}

impl Status {
    pub fn kind(&self) -> StatusKind {
        match self {
            Status::Proposed => StatusKind::Proposed,
            Status::ChangesRequested { .. } => StatusKind::ChangesRequested,
            Status::Declined { .. } => StatusKind::Declined,
            Status::AwaitingFunding => StatusKind::AwaitingFunding,
            Status::PaymentReported { .. } => StatusKind::PaymentReported,
            Status::Funded { .. } => StatusKind::Funded,
            Status::InProgress { .. } => StatusKind::InProgress,
            Status::Delivered { .. } => StatusKind::Delivered,
            Status::RevisionRequested { .. } => StatusKind::RevisionRequested,
            Status::Disputed { .. } => StatusKind::Disputed,
            Status::Approved { .. } => StatusKind::Approved,
            Status::Cleared { .. } => StatusKind::Cleared,
            Status::Refunded { .. } => StatusKind::Refunded,
            Status::Cancelled { .. } => StatusKind::Cancelled,
        }
    }

    /// The seller is working on it or the buyer is reviewing it (also while disputed from there).
    pub fn is_active(&self) -> bool {
        match self {
            Status::InProgress { .. }
            | Status::Delivered { .. }
            | Status::RevisionRequested { .. } => true,
            Status::Disputed { paused, .. } => paused.is_active(),
            _ => false,
        }
    }

    /// The same status with its timers moved later by `by`: what resuming after a dispute does.
    pub fn shifted(self, by: Duration) -> Status {
        match self {
            Status::InProgress {
                started_at,
                due_at,
                progress_at,
            } => Status::InProgress {
                started_at,
                due_at: due_at + by,
                progress_at,
            },
            Status::Delivered {
                delivered_at,
                due_at,
                auto_approve_at,
                ticked,
            } => Status::Delivered {
                delivered_at,
                due_at: due_at + by,
                auto_approve_at: auto_approve_at + by,
                ticked,
            },
            Status::RevisionRequested {
                requested_at,
                due_at,
                feedback,
            } => Status::RevisionRequested {
                requested_at,
                due_at: due_at + by,
                feedback,
            },
            other => other,
        }
    }

    /// The deadline of running work.
    pub fn due_at(&self) -> Option<DateTime<Utc>> {
        match self {
            Status::InProgress { due_at, .. }
            | Status::Delivered { due_at, .. }
            | Status::RevisionRequested { due_at, .. } => Some(*due_at),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    /// 1-based position in the order; milestones run in this order.
    pub seq: u16,
    pub terms: MilestoneTerms,
    pub proposed_by: Role,
    pub status: Status,
    pub revisions_used: u8,
    /// A party asked to cancel a funded milestone; the other party must agree.
    pub cancel_requested_by: Option<Role>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Milestone {
    /// The checklist items a revision request points at: those the buyer did not tick, when they ticked any
    /// (a buyer who used no ticks says what is missing in words).
    pub fn unticked_items(&self) -> Vec<String> {
        let Status::Delivered { ticked, .. } = &self.status else {
            return Vec::new();
        };
        if ticked.is_empty() {
            return Vec::new();
        }
        self.terms
            .deliverables
            .items()
            .into_iter()
            .enumerate()
            .filter(|(i, _)| u8::try_from(*i).is_ok_and(|i| !ticked.contains(&i)))
            .map(|(_, item)| item.to_string())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_kind_reads_back_from_its_name() {
        for kind in StatusKind::ALL {
            assert_eq!(StatusKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(StatusKind::parse("paid"), None);
    }
    use chrono::TimeZone;

    #[test]
    fn terminal_implies_settled_and_no_funds() {
        use StatusKind::*;
        let all = [
            Proposed,
            ChangesRequested,
            Declined,
            AwaitingFunding,
            PaymentReported,
            Funded,
            InProgress,
            Delivered,
            RevisionRequested,
            Disputed,
            Approved,
            Cleared,
            Refunded,
            Cancelled,
        ];
        for k in all {
            if k.is_terminal() {
                assert!(k.is_settled(), "{k:?}");
                assert!(!k.holds_funds(), "{k:?}");
            }
            assert!(!k.as_str().is_empty());
        }
    }

    #[test]
    fn resuming_shifts_timers() {
        let t = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
        let delivered = Status::Delivered {
            delivered_at: t,
            due_at: t + Duration::days(2),
            auto_approve_at: t + Duration::days(3),
            ticked: vec![1],
        };
        let resumed = delivered.shifted(Duration::hours(5));
        assert_eq!(
            resumed,
            Status::Delivered {
                delivered_at: t,
                due_at: t + Duration::days(2) + Duration::hours(5),
                auto_approve_at: t + Duration::days(3) + Duration::hours(5),
                ticked: vec![1],
            }
        );
        assert_eq!(
            resumed.due_at(),
            Some(t + Duration::days(2) + Duration::hours(5))
        );
        assert_eq!(
            Status::AwaitingFunding.shifted(Duration::hours(5)),
            Status::AwaitingFunding
        );
    }
}
