//! A small harness for driving orders through commands with a ledger beside them.
#![allow(dead_code)] // each test binary uses a different part

use chrono::{DateTime, Duration, TimeZone, Utc};
use dereja_domain::*;

pub const BUYER: UserId = UserId(100);
pub const SELLER: UserId = UserId(200);
pub const ADMIN: UserId = UserId(300);
pub const STRANGER: UserId = UserId(400);

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, 4, 9, 0, 0).unwrap()
}

pub fn policy() -> Policy {
    Policy {
        auto_approve_after: Duration::days(3),
        clearing_period: Duration::days(14),
    }
}

pub fn user(id: UserId) -> Actor {
    Actor::User { id, admin: false }
}

pub fn admin(id: UserId) -> Actor {
    Actor::User { id, admin: true }
}

pub fn etb(minor: i64) -> Money {
    Money::from_minor(minor, Currency::ETB).unwrap()
}

pub fn note(text: &str) -> Note {
    Note::new(text).unwrap()
}

pub fn terms(minor: i64, revisions: u8) -> MilestoneTerms {
    MilestoneTerms {
        title: Title::new("Logo concepts").unwrap(),
        deliverables: Deliverables::new(
            "- 3 concepts as PNG and SVG\n- 1 page brand guide as PDF\n- source files",
        )
        .unwrap(),
        deadline: Deadline::after_activation(Duration::days(7)).unwrap(),
        amount: etb(minor),
        revisions: RevisionCount::new(revisions).unwrap(),
    }
}

pub fn telegram_payment() -> PaymentRef {
    PaymentRef::Telegram {
        charge_id: "tg-charge".into(),
        provider_charge_id: "provider-charge".into(),
    }
}

/// An order with its ledger and a clock.
pub struct Run {
    pub order: Order,
    pub ledger: Ledger,
    pub postings: Vec<Transaction>,
    pub events: Vec<Event>,
    pub now: DateTime<Utc>,
}

impl Run {
    /// An order opened by the buyer with milestones of the given amounts (1 revision each); not yet joined.
    pub fn opened(amounts: &[i64]) -> Run {
        let milestones = amounts.iter().map(|a| terms(*a, 1)).collect();
        let draft = OrderDraft::new(
            Title::new("Brand identity").unwrap(),
            Currency::ETB,
            Origin::Private,
            BUYER,
            Role::Buyer,
            milestones,
        )
        .unwrap();
        let outcome = Order::open(OrderId(1), draft, t0());
        Run {
            order: outcome.order,
            ledger: Ledger::default(),
            postings: Vec::new(),
            events: outcome.events,
            now: t0(),
        }
    }

    /// Opened and joined by the seller.
    pub fn joined(amounts: &[i64]) -> Run {
        let mut run = Run::opened(amounts);
        run.ok(user(SELLER), Command::Join { invitation: None });
        run
    }

    /// Joined, every milestone accepted by the seller.
    pub fn accepted(amounts: &[i64]) -> Run {
        let mut run = Run::joined(amounts);
        for seq in 1..=amounts.len() as u16 {
            run.ok(user(SELLER), Command::Accept { seq });
        }
        run
    }

    /// Accepted and the first milestone funded (so it is in progress).
    pub fn started(amounts: &[i64]) -> Run {
        let mut run = Run::accepted(amounts);
        run.ok(
            user(BUYER),
            Command::Fund {
                seq: 1,
                payment: telegram_payment(),
            },
        );
        run
    }

    /// Started and the first milestone delivered.
    pub fn delivered(amounts: &[i64]) -> Run {
        let mut run = Run::started(amounts);
        run.deliver(1);
        run
    }

    pub fn advance(&mut self, by: Duration) {
        self.now += by;
    }

    pub fn ctx(&self, actor: Actor) -> Context {
        Context {
            actor,
            now: self.now,
            policy: policy(),
        }
    }

    pub fn try_do(
        &mut self,
        actor: Actor,
        command: Command,
    ) -> Result<Vec<EventKind>, DomainError> {
        let before = self.order.clone();
        let result = self.order.handle(command, &self.ctx(actor));
        assert_eq!(
            self.order, before,
            "handle must not change the order it is called on"
        );
        let outcome = result?;
        for tx in &outcome.postings {
            self.ledger.post(tx);
        }
        self.postings.extend(outcome.postings);
        self.events.extend(outcome.events.iter().cloned());
        self.order = outcome.order;
        Ok(outcome.events.into_iter().map(|e| e.kind).collect())
    }

    pub fn ok(&mut self, actor: Actor, command: Command) -> Vec<EventKind> {
        let label = format!("{command:?} by {actor:?}");
        self.try_do(actor, command)
            .unwrap_or_else(|e| panic!("{label} failed: {e:?}"))
    }

    pub fn deliver(&mut self, seq: u16) -> Vec<EventKind> {
        let delivery = Delivery::new(Some("https://example.com/concepts.zip"), vec![]).unwrap();
        self.ok(user(SELLER), Command::Deliver { seq, delivery })
    }

    pub fn status(&self, seq: u16) -> StatusKind {
        self.order.milestone(seq).unwrap().status.kind()
    }

    pub fn balance(&self, account: Account) -> i64 {
        let d = self.ledger.balance(account, Currency::ETB);
        Money::new(d.abs(), Currency::ETB).unwrap().to_minor()
            * if d.is_sign_negative() { -1 } else { 1 }
    }

    pub fn escrow(&self, seq: u16) -> i64 {
        self.balance(Account::Escrow {
            milestone: MilestoneRef {
                order: self.order.id,
                seq,
            },
        })
    }
}
