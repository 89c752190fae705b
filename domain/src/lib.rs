//! Dereja's pure rules: who may do what to an order and its milestones, what that does to the money, and which
//! events it records. No I/O, no clock reads: the caller passes `now` and the policy in a [`Context`].
//!
//! The aggregate is the [`Order`]: every change goes through [`Order::handle`], which returns the new order, the
//! events to record and the ledger transactions to post, or a [`DomainError`] the bot can explain to the user.

pub mod authority;
pub mod board;
pub mod calendar;
pub mod command;
pub mod contact;
pub mod deadline_input;
pub mod delivery;
pub mod error;
pub mod event;
pub mod ids;
pub mod invitation;
pub mod ledger;
pub mod milestone;
pub mod money;
pub mod order;
pub mod quick_order;
pub mod reputation;
pub mod review;
pub mod schedule;
pub mod terms;
pub mod time_of_day;
pub mod user;
pub mod withdrawal;

pub use authority::{
    AdminFacts, is_order_admin, may_moderate, may_start_work, may_switch_community,
};
pub use calendar::EthiopianDate;
pub use command::payment_reference_key;
pub use contact::mentions_contact;
pub use deadline_input::{DeadlineDoubt, DeadlineReading, doubt, parse_deadline};
pub use delivery::{Attachment, AttachmentKind, Delivery};
pub use error::{Action, DomainError};
pub use event::{Event, EventKind};
pub use ids::{MilestoneRef, OrderId, UserId};
pub use invitation::InviteToken;
pub use ledger::{Account, Entry, Ledger, LedgerError, MilestoneMoney, PostingKind, Transaction};
pub use milestone::{Milestone, Status, StatusKind};
pub use money::{Currency, Money, MoneyError, decimal_to_minor, minor_to_decimal, parse_amount};
pub use order::{
    Actor, Command, Context, Freeze, Order, OrderDraft, OrderRecord, Origin, Outcome, PaymentRef,
    Policy, Resolution, Role,
};
pub use quick_order::{DEFAULT_REVISIONS, QuickProblem, read_quick_order};
pub use reputation::{Profile, TrackRecord};
pub use review::{Review, Stars};
pub use schedule::{Job, JobKind, QuietHours, Reminders};
pub use terms::{Deadline, Deliverables, MilestoneTerms, Note, RevisionCount, TermsError, Title};
pub use time_of_day::{DayPeriod, EthiopianTime};
pub use user::{Ban, Language, TimeZone, User};
pub use withdrawal::{
    ClearedMilestone, PayoutAccount, PayoutMethod, Withdrawal, WithdrawalDecision, WithdrawalId,
    WithdrawalKind, WithdrawalStatus, clearing_period, contributing,
};
