//! Background work of the `dereja` process: delivering the outbox (reminders and auto-approval come next).

pub mod outbox;
