//! Background work of the `dereja` process: the scheduler (reminders, auto-approval, clearing, the admins'
//! digest) and the outbox sender that delivers every message.

pub mod outbox;
pub mod scheduler;
