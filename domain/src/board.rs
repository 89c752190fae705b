//! The status board: every milestone of a person in one of three columns, as the milestone guide suggests (in
//! progress, waiting for feedback, completed), with what that person should do next.

use crate::milestone::{Milestone, Status};
use crate::order::Role;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Column {
    InProgress,
    WaitingForFeedback,
    Completed,
}

/// What the person should do next about a milestone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    /// Buyer: pay it into escrow.
    Fund,
    /// Seller: do the work and deliver (a revision counts).
    Deliver,
    /// Buyer: check the delivery, approve or ask for a revision.
    Review,
    /// The person must answer a proposal (accept, decline, ask for changes).
    Answer,
    /// The proposer must revise after a request for changes.
    Revise,
    /// Nothing to do: the other party is next.
    WaitForOther,
    /// Nothing to do: an admin is next (a payment to confirm, a dispute).
    WaitForAdmin,
    /// Done; the money is or will be the seller's.
    Nothing,
}

/// Where a milestone goes on `role`'s board, and their next step; `None` for milestones that ended without work
/// (declined, cancelled, refunded).
pub fn place(role: Role, m: &Milestone) -> Option<(Column, NextStep)> {
    use Column::*;
    use NextStep::*;
    let mine = |who: Role, step: NextStep| if who == role { step } else { WaitForOther };
    Some(match &m.status {
        Status::Proposed => (WaitingForFeedback, mine(m.proposed_by.other(), Answer)),
        Status::ChangesRequested { .. } => (WaitingForFeedback, mine(m.proposed_by, Revise)),
        Status::AwaitingFunding => (InProgress, mine(Role::Buyer, Fund)),
        Status::PaymentReported { .. } => (InProgress, WaitForAdmin),
        Status::Funded { .. } => (InProgress, WaitForOther),
        Status::InProgress { .. } | Status::RevisionRequested { .. } => {
            (InProgress, mine(Role::Seller, Deliver))
        }
        Status::Delivered { .. } => (WaitingForFeedback, mine(Role::Buyer, Review)),
        Status::Disputed { .. } => (WaitingForFeedback, WaitForAdmin),
        Status::Approved { .. } | Status::Cleared { .. } => (Completed, Nothing),
        Status::Declined { .. } | Status::Refunded { .. } | Status::Cancelled { .. } => {
            return None;
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::{Currency, Money};
    use crate::terms::{Deadline, Deliverables, MilestoneTerms, Note, RevisionCount, Title};
    use chrono::{Duration, TimeZone, Utc};

    fn milestone(status: Status, proposed_by: Role) -> Milestone {
        let t = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
        Milestone {
            seq: 1,
            terms: MilestoneTerms {
                title: Title::new("Logo").unwrap(),
                deliverables: Deliverables::new("a file").unwrap(),
                deadline: Deadline::after_activation(Duration::days(3)).unwrap(),
                amount: Money::from_minor(100, Currency::ETB).unwrap(),
                revisions: RevisionCount::new(1).unwrap(),
            },
            proposed_by,
            status,
            revisions_used: 0,
            cancel_requested_by: None,
            created_at: t,
            updated_at: t,
        }
    }

    #[test]
    fn each_side_sees_its_own_next_step() {
        let t = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
        let delivered = milestone(
            Status::Delivered {
                delivered_at: t,
                due_at: t,
                auto_approve_at: t,
                ticked: Vec::new(),
            },
            Role::Buyer,
        );
        assert_eq!(
            place(Role::Buyer, &delivered),
            Some((Column::WaitingForFeedback, NextStep::Review))
        );
        assert_eq!(
            place(Role::Seller, &delivered),
            Some((Column::WaitingForFeedback, NextStep::WaitForOther))
        );
        let proposed = milestone(Status::Proposed, Role::Buyer);
        assert_eq!(
            place(Role::Seller, &proposed),
            Some((Column::WaitingForFeedback, NextStep::Answer))
        );
        let changes = milestone(
            Status::ChangesRequested {
                note: Note::new("cheaper").unwrap(),
            },
            Role::Buyer,
        );
        assert_eq!(place(Role::Buyer, &changes).unwrap().1, NextStep::Revise);
        let running = milestone(
            Status::InProgress {
                started_at: t,
                due_at: t,
                progress_at: None,
            },
            Role::Buyer,
        );
        assert_eq!(
            place(Role::Seller, &running),
            Some((Column::InProgress, NextStep::Deliver))
        );
        assert_eq!(
            place(
                Role::Buyer,
                &milestone(Status::AwaitingFunding, Role::Buyer)
            ),
            Some((Column::InProgress, NextStep::Fund))
        );
        assert_eq!(
            place(
                Role::Buyer,
                &milestone(Status::Cancelled { at: t }, Role::Buyer)
            ),
            None
        );
    }
}
