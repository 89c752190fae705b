//! What the scheduler must do for an order, derived from its state alone: reminders and the system's own
//! commands (auto-approval, clearing), each with the moment it is due.
//!
//! The plan is recomputed whenever the order changes and replaces the order's pending jobs in the same
//! transaction, so a reminder for a state that has moved on (a "please pay" after a cancel) no longer exists, and
//! a disputed milestone has no jobs at all (its timers are paused). Every job has a key naming what it is about
//! and the moment it counts from: a job already done is never planned again, and a new deadline gets fresh
//! reminders.

use crate::ids::{OrderId, UserId};
use crate::milestone::{Milestone, Status};
use crate::order::{Order, Role};
use chrono::{DateTime, Duration, NaiveTime, TimeZone as _, Utc};
use serde::{Deserialize, Serialize};

/// Lead times of the reminders (configurable; the defaults are in brackets in the docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminders {
    /// Seller: before the deadline [24 h].
    pub deadline_before: Duration,
    /// Seller: after the deadline, every this long [24 h] ...
    pub overdue_every: Duration,
    /// ... at most this many times [3].
    pub overdue_times: u8,
    /// An unanswered proposal or invitation, after each of these [24 h, 72 h].
    pub unanswered_after: Vec<Duration>,
    /// Buyer: a milestone whose turn it is, accepted and still unfunded [24 h].
    pub unfunded_after: Duration,
    /// Buyer: a delivery waiting for review, this long before auto-approval [24 h].
    pub review_before: Duration,
    /// Seller: running work with no progress note for this long [3 days] gets a gentle reminder, when the
    /// deadline is further away than that (zero: never).
    pub quiet_work_after: Duration,
    /// Seller: the time to answer a revision request [3 days], reminded daily; then the buyer is offered more
    /// time, waiting, or a dispute.
    pub revision_response: Duration,
}

impl Default for Reminders {
    fn default() -> Self {
        Reminders {
            deadline_before: Duration::hours(24),
            overdue_every: Duration::hours(24),
            overdue_times: 3,
            unanswered_after: vec![Duration::hours(24), Duration::hours(72)],
            unfunded_after: Duration::hours(24),
            review_before: Duration::hours(24),
            quiet_work_after: Duration::days(3),
            revision_response: Duration::days(3),
        }
    }
}

/// What a job does when it is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum JobKind {
    /// Seller: the deadline is near.
    DeadlineSoon,
    /// Seller: the deadline has passed (the first, second, ... reminder).
    DeadlinePassed { nth: u8 },
    /// Buyer: the seller missed the deadline; offered more time, waiting, or a dispute.
    DeadlineMissed,
    /// The counterparty has not answered a proposed milestone.
    ProposalWaiting { nth: u8 },
    /// Nobody has joined the order: the invitee if known, else the creator.
    InvitationWaiting { nth: u8 },
    /// Buyer: the milestone whose turn it is waits for funding.
    FundingWaiting,
    /// Buyer: a delivery waits for review; auto-approval comes next.
    ReviewWaiting,
    /// Seller: running work without a progress note for a while.
    ProgressQuiet,
    /// Seller: a revision request waits for an answer (the first, second, ... reminder).
    RevisionWaiting { nth: u8 },
    /// Buyer: the seller did not answer a revision request in time; offered more time, waiting, or a dispute.
    RevisionLate,
    /// The system approves an unreviewed delivery.
    AutoApprove,
    /// The system makes approved money available to the seller.
    Clear,
}

impl JobKind {
    /// Reminders wait for the end of the recipient's quiet hours; the system's commands do not.
    pub fn is_reminder(&self) -> bool {
        !matches!(self, JobKind::AutoApprove | JobKind::Clear)
    }

    fn tag(&self) -> String {
        match self {
            JobKind::DeadlineSoon => "deadline-soon".into(),
            JobKind::DeadlinePassed { nth } => format!("deadline-passed-{nth}"),
            JobKind::DeadlineMissed => "deadline-missed".into(),
            JobKind::ProposalWaiting { nth } => format!("proposal-waiting-{nth}"),
            JobKind::InvitationWaiting { nth } => format!("invitation-waiting-{nth}"),
            JobKind::FundingWaiting => "funding-waiting".into(),
            JobKind::ReviewWaiting => "review-waiting".into(),
            JobKind::ProgressQuiet => "progress-quiet".into(),
            JobKind::RevisionWaiting { nth } => format!("revision-waiting-{nth}"),
            JobKind::RevisionLate => "revision-late".into(),
            JobKind::AutoApprove => "auto-approve".into(),
            JobKind::Clear => "clear".into(),
        }
    }
}

/// One thing to do at one moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Job {
    pub order: OrderId,
    /// The milestone it is about (0: the order as a whole).
    pub seq: u16,
    pub kind: JobKind,
    /// Who is reminded; `None` for the system's commands.
    pub to: Option<UserId>,
    pub due_at: DateTime<Utc>,
    /// The moment the job counts from (the deadline, the delivery, the proposal): part of its identity.
    pub since: DateTime<Utc>,
}

impl Job {
    /// Stable identity: the same reminder about the same moment is the same job, whenever it is planned.
    pub fn key(&self) -> String {
        format!(
            "{}:{}:{}:{}",
            self.order.0,
            self.seq,
            self.kind.tag(),
            self.since.timestamp()
        )
    }
}

/// Every job the order needs from now on, in its current state.
pub fn plan(order: &Order, reminders: &Reminders) -> Vec<Job> {
    let mut jobs = Vec::new();
    // A frozen order waits for the admins: no reminder, no automatic approval, no clearing.
    if order.frozen.is_some() {
        return jobs;
    }
    let mut job = |seq: u16, kind: JobKind, to: Option<UserId>, due_at, since| {
        jobs.push(Job {
            order: order.id,
            seq,
            kind,
            to,
            due_at,
            since,
        });
    };
    let buyer = order.party(Role::Buyer);
    let seller = order.party(Role::Seller);

    // Nobody has joined yet: remind the invitee when the bot knows them, else the creator.
    if buyer.is_none() || seller.is_none() {
        let to = order.invitee.or(order.party(order.created_by));
        for (i, after) in reminders.unanswered_after.iter().enumerate() {
            let nth = u8::try_from(i + 1).unwrap_or(u8::MAX);
            let kind = JobKind::InvitationWaiting { nth };
            job(0, kind, to, order.created_at + *after, order.created_at);
        }
        return jobs;
    }

    let current = order.current_milestone().map(|m| m.seq);
    for (i, m) in order.milestones.iter().enumerate() {
        match &m.status {
            Status::Proposed => {
                let to = order.party(m.proposed_by.other());
                for (n, after) in reminders.unanswered_after.iter().enumerate() {
                    let nth = u8::try_from(n + 1).unwrap_or(u8::MAX);
                    let kind = JobKind::ProposalWaiting { nth };
                    job(m.seq, kind, to, m.updated_at + *after, m.updated_at);
                }
            }
            Status::AwaitingFunding if current == Some(m.seq) => {
                // Its turn came when it was accepted or when the one before it was settled, whichever is later.
                let since = i
                    .checked_sub(1)
                    .and_then(|p| order.milestones.get(p))
                    .map_or(m.updated_at, |prev: &Milestone| {
                        prev.updated_at.max(m.updated_at)
                    });
                let due = since + reminders.unfunded_after;
                job(m.seq, JobKind::FundingWaiting, buyer, due, since);
            }
            Status::InProgress { due_at, .. } | Status::RevisionRequested { due_at, .. } => {
                let started = m.updated_at;
                match &m.status {
                    Status::InProgress {
                        started_at,
                        progress_at,
                        ..
                    } => {
                        // Quiet work: a nudge when no note came for a while and the deadline is further away.
                        let since = progress_at.unwrap_or(*started_at);
                        let at = since + reminders.quiet_work_after;
                        let on = reminders.quiet_work_after > Duration::zero();
                        if on && at < *due_at - reminders.deadline_before {
                            job(m.seq, JobKind::ProgressQuiet, seller, at, since);
                        }
                    }
                    Status::RevisionRequested { requested_at, .. } => {
                        let answer_by = *requested_at + reminders.revision_response;
                        let mut at = *requested_at + reminders.overdue_every;
                        let mut nth = 1u8;
                        while at < answer_by && nth < u8::MAX {
                            let kind = JobKind::RevisionWaiting { nth };
                            job(m.seq, kind, seller, at, *requested_at);
                            at += reminders.overdue_every;
                            nth += 1;
                        }
                        job(
                            m.seq,
                            JobKind::RevisionLate,
                            buyer,
                            answer_by,
                            *requested_at,
                        );
                    }
                    _ => {}
                }
                let soon = *due_at - reminders.deadline_before;
                if soon > started {
                    job(m.seq, JobKind::DeadlineSoon, seller, soon, *due_at);
                }
                job(m.seq, JobKind::DeadlineMissed, buyer, *due_at, *due_at);
                for n in 0..reminders.overdue_times {
                    let at = *due_at + reminders.overdue_every * i32::from(n);
                    let kind = JobKind::DeadlinePassed { nth: n + 1 };
                    job(m.seq, kind, seller, at, *due_at);
                }
            }
            Status::Delivered {
                delivered_at,
                auto_approve_at,
                ..
            } => {
                let review = *auto_approve_at - reminders.review_before;
                if review > *delivered_at {
                    job(m.seq, JobKind::ReviewWaiting, buyer, review, *delivered_at);
                }
                job(
                    m.seq,
                    JobKind::AutoApprove,
                    None,
                    *auto_approve_at,
                    *delivered_at,
                );
            }
            Status::Approved {
                approved_at,
                clears_at,
                ..
            } => job(m.seq, JobKind::Clear, None, *clears_at, *approved_at),
            // Disputed: paused. Everything else waits for a person, or is settled.
            _ => {}
        }
    }
    jobs
}

/// Hours in which non-urgent messages wait, in the recipient's time zone (22:00-07:00 by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuietHours {
    pub from: NaiveTime,
    pub until: NaiveTime,
}

impl Default for QuietHours {
    fn default() -> Self {
        QuietHours {
            from: NaiveTime::from_hms_opt(22, 0, 0).expect("valid"),
            until: NaiveTime::from_hms_opt(7, 0, 0).expect("valid"),
        }
    }
}

impl QuietHours {
    /// `at`, or the end of the quiet hours it falls in.
    pub fn next_allowed(&self, at: DateTime<Utc>, tz: chrono_tz::Tz) -> DateTime<Utc> {
        let local = at.with_timezone(&tz);
        let time = local.time();
        let quiet = if self.from <= self.until {
            time >= self.from && time < self.until
        } else {
            time >= self.from || time < self.until
        };
        if !quiet {
            return at;
        }
        let day = if time >= self.until {
            local.date_naive() + Duration::days(1)
        } else {
            local.date_naive()
        };
        tz.from_local_datetime(&day.and_time(self.until))
            .earliest()
            .map_or(at, |t| t.with_timezone(&Utc))
    }
}
