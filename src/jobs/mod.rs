//! Background work of the `dereja` process: the scheduler (reminders, auto-approval, clearing, the admins'
//! digest). It talks to the services and the messages, never to Telegram: what it queues, the sender delivers.

pub mod scheduler;
