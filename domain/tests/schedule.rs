//! The scheduler's plan for an order in each state: which reminders and system commands, for whom, when.

mod support;

use chrono::{Duration, NaiveTime, TimeZone, Utc};
use dereja_domain::schedule::plan;
use dereja_domain::*;
use support::*;

fn jobs(run: &Run) -> Vec<(u16, JobKind, Option<UserId>, chrono::DateTime<Utc>)> {
    plan(&run.order, &Reminders::default())
        .into_iter()
        .map(|j| (j.seq, j.kind, j.to, j.due_at))
        .collect()
}

const H: fn(i64) -> Duration = Duration::hours;

#[test]
fn an_unjoined_order_reminds_its_creator_after_one_and_three_days() {
    let run = Run::opened(&[1000]);
    assert_eq!(
        jobs(&run),
        vec![
            (
                0,
                JobKind::InvitationWaiting { nth: 1 },
                Some(BUYER),
                t0() + H(24)
            ),
            (
                0,
                JobKind::InvitationWaiting { nth: 2 },
                Some(BUYER),
                t0() + H(72)
            ),
        ]
    );
}

#[test]
fn an_unanswered_proposal_reminds_the_counterparty() {
    let mut run = Run::opened(&[1000]);
    run.advance(H(2));
    run.ok(user(SELLER), Command::Join { invitation: None });
    // The seller saw the proposal when joining, two hours in: the wait for an answer counts from then.
    assert_eq!(
        jobs(&run),
        vec![
            (
                1,
                JobKind::ProposalWaiting { nth: 1 },
                Some(SELLER),
                t0() + H(2 + 24)
            ),
            (
                1,
                JobKind::ProposalWaiting { nth: 2 },
                Some(SELLER),
                t0() + H(2 + 72)
            ),
        ]
    );
}

#[test]
fn only_the_current_unfunded_milestone_reminds_the_buyer() {
    let mut run = Run::joined(&[1000, 2000]);
    run.advance(H(5));
    let accepted_at = run.now;
    run.ok(user(SELLER), Command::Accept { seq: 1 });
    run.ok(user(SELLER), Command::Accept { seq: 2 });
    assert_eq!(
        jobs(&run),
        vec![(1, JobKind::FundingWaiting, Some(BUYER), accepted_at + H(24))]
    );
}

#[test]
fn running_work_has_deadline_reminders_for_the_seller_and_the_buyer() {
    let run = Run::started(&[1000]);
    let due = t0() + Duration::days(7);
    assert_eq!(
        jobs(&run),
        vec![
            (
                1,
                JobKind::ProgressQuiet,
                Some(SELLER),
                t0() + Duration::days(3)
            ),
            (1, JobKind::DeadlineSoon, Some(SELLER), due - H(24)),
            (1, JobKind::DeadlineMissed, Some(BUYER), due),
            (1, JobKind::DeadlinePassed { nth: 1 }, Some(SELLER), due),
            (
                1,
                JobKind::DeadlinePassed { nth: 2 },
                Some(SELLER),
                due + H(24)
            ),
            (
                1,
                JobKind::DeadlinePassed { nth: 3 },
                Some(SELLER),
                due + H(48)
            ),
        ]
    );
}

#[test]
fn a_delivery_waits_for_review_then_is_approved_then_clears() {
    let mut run = Run::started(&[1000]);
    run.advance(H(10));
    let delivered_at = run.now;
    run.deliver(1);
    let auto = delivered_at + Duration::days(3);
    assert_eq!(
        jobs(&run),
        vec![
            (1, JobKind::ReviewWaiting, Some(BUYER), auto - H(24)),
            (1, JobKind::AutoApprove, None, auto),
        ]
    );
    run.now = auto;
    run.ok(Actor::System, Command::AutoApprove { seq: 1 });
    assert_eq!(
        jobs(&run),
        vec![(1, JobKind::Clear, None, auto + Duration::days(14))]
    );
    run.now = auto + Duration::days(14);
    run.ok(Actor::System, Command::Clear { seq: 1 });
    assert!(jobs(&run).is_empty(), "nothing left for a finished order");
}

#[test]
fn a_dispute_pauses_everything_and_a_cancel_removes_the_funding_reminder() {
    let mut run = Run::delivered(&[1000]);
    run.ok(
        user(BUYER),
        Command::OpenDispute {
            seq: 1,
            reason: note("not what we agreed"),
        },
    );
    assert!(jobs(&run).is_empty());

    let mut run = Run::accepted(&[1000]);
    assert_eq!(jobs(&run).len(), 1);
    run.ok(user(BUYER), Command::CancelOrder);
    assert!(jobs(&run).is_empty());
}

#[test]
fn keys_name_the_moment_so_a_new_deadline_gets_new_reminders() {
    let mut run = Run::started(&[1000]);
    // The deadline's reminders (quiet work counts from the start, not from the deadline).
    let deadline_jobs = |run: &Run| -> Vec<Job> {
        plan(&run.order, &Reminders::default())
            .into_iter()
            .filter(|j| j.kind != JobKind::ProgressQuiet)
            .collect()
    };
    let before = deadline_jobs(&run);
    let due = t0() + Duration::days(7);
    run.ok(
        user(BUYER),
        Command::ExtendDeadline {
            seq: 1,
            due_at: due + Duration::days(2),
        },
    );
    let after = deadline_jobs(&run);
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b.kind, a.kind);
        assert_ne!(b.key(), a.key());
        assert_eq!(a.due_at - b.due_at, Duration::days(2));
    }
    // Planning twice gives the same keys.
    assert_eq!(
        after.iter().map(|j| j.key()).collect::<Vec<_>>(),
        deadline_jobs(&run)
            .iter()
            .map(|j| j.key())
            .collect::<Vec<_>>()
    );
}

#[test]
fn only_the_buyer_extends_and_only_to_a_later_moment() {
    let mut run = Run::started(&[1000]);
    let due = t0() + Duration::days(7);
    let later = Command::ExtendDeadline {
        seq: 1,
        due_at: due + Duration::days(1),
    };
    assert!(matches!(
        run.try_do(user(SELLER), later.clone()),
        Err(DomainError::NotAllowed { .. })
    ));
    assert_eq!(
        run.try_do(
            user(BUYER),
            Command::ExtendDeadline {
                seq: 1,
                due_at: due - Duration::hours(1)
            }
        ),
        Err(DomainError::DeadlineNotLater { current: due })
    );
    assert_eq!(
        run.ok(user(BUYER), later),
        vec![EventKind::DeadlineExtended {
            due_at: due + Duration::days(1)
        }]
    );
    let mut delivered = Run::delivered(&[1000]);
    assert!(matches!(
        delivered.try_do(
            user(BUYER),
            Command::ExtendDeadline {
                seq: 1,
                due_at: due + Duration::days(1)
            }
        ),
        Err(DomainError::InvalidTransition { .. })
    ));
}

#[test]
fn quiet_hours_hold_messages_until_morning_in_the_readers_zone() {
    let quiet = QuietHours::default();
    let addis = chrono_tz::Africa::Addis_Ababa; // UTC+3
    let at = |h, m| Utc.with_ymd_and_hms(2026, 3, 10, h, m, 0).unwrap();
    // 12:00 UTC = 15:00 in Addis: fine.
    assert_eq!(quiet.next_allowed(at(12, 0), addis), at(12, 0));
    // 19:30 UTC = 22:30: wait until 07:00 the next morning (04:00 UTC).
    assert_eq!(
        quiet.next_allowed(at(19, 30), addis),
        Utc.with_ymd_and_hms(2026, 3, 11, 4, 0, 0).unwrap()
    );
    // 01:00 UTC = 04:00: wait until 07:00 the same morning.
    assert_eq!(quiet.next_allowed(at(1, 0), addis), at(4, 0));
    // 04:00 UTC = 07:00 exactly: allowed.
    assert_eq!(quiet.next_allowed(at(4, 0), addis), at(4, 0));
    // A daytime window works too.
    let siesta = QuietHours {
        from: NaiveTime::from_hms_opt(13, 0, 0).unwrap(),
        until: NaiveTime::from_hms_opt(15, 0, 0).unwrap(),
    };
    assert_eq!(siesta.next_allowed(at(11, 0), addis), at(12, 0));
}

#[test]
fn a_progress_note_moves_the_quiet_work_reminder_and_none_comes_close_to_the_deadline() {
    let mut run = Run::started(&[1000]);
    let quiet = |run: &Run| -> Vec<chrono::DateTime<Utc>> {
        jobs(run)
            .into_iter()
            .filter(|j| j.1 == JobKind::ProgressQuiet)
            .map(|j| j.3)
            .collect()
    };
    assert_eq!(quiet(&run), [t0() + Duration::days(3)]);
    run.advance(Duration::days(2));
    run.ok(
        user(SELLER),
        Command::PostProgress {
            seq: 1,
            note: note("Two concepts sketched"),
        },
    );
    assert_eq!(quiet(&run), [t0() + Duration::days(5)]);
    // Four days in, the next nudge (day 7) would fall after the deadline reminder (day 6): none.
    run.advance(Duration::days(2));
    run.ok(
        user(SELLER),
        Command::PostProgress {
            seq: 1,
            note: note("Colours chosen"),
        },
    );
    assert!(quiet(&run).is_empty());
}

#[test]
fn a_revision_request_is_reminded_daily_then_the_buyer_is_offered_a_way_on() {
    let mut run = Run::delivered(&[1000]);
    run.advance(H(5));
    let asked = run.now;
    run.ok(
        user(BUYER),
        Command::RequestRevision {
            seq: 1,
            feedback: note("Warmer colours"),
        },
    );
    let revision: Vec<_> = jobs(&run)
        .into_iter()
        .filter(|j| {
            matches!(
                j.1,
                JobKind::RevisionWaiting { .. } | JobKind::RevisionLate | JobKind::ProgressQuiet
            )
        })
        .collect();
    assert_eq!(
        revision,
        vec![
            (
                1,
                JobKind::RevisionWaiting { nth: 1 },
                Some(SELLER),
                asked + H(24)
            ),
            (
                1,
                JobKind::RevisionWaiting { nth: 2 },
                Some(SELLER),
                asked + H(48)
            ),
            (1, JobKind::RevisionLate, Some(BUYER), asked + H(72)),
        ]
    );
    // The new delivery ends them.
    run.advance(H(30));
    run.deliver(1);
    assert!(
        jobs(&run)
            .iter()
            .all(|j| matches!(j.1, JobKind::ReviewWaiting | JobKind::AutoApprove))
    );
}

#[test]
fn a_frozen_order_has_no_timers_until_it_is_unfrozen() {
    let mut run = Run::delivered(&[1000]);
    let planned = jobs(&run);
    assert!(
        planned.iter().any(|j| j.1 == JobKind::AutoApprove),
        "{planned:?}"
    );
    let reason = note("reported");
    run.ok(admin(ADMIN), Command::Freeze { reason });
    assert_eq!(jobs(&run), vec![]);
    run.ok(admin(ADMIN), Command::Unfreeze);
    assert_eq!(jobs(&run), planned);
}
