//! Dereja's integration suite, one binary: the store on both backends, the real bot against the fake Bot API,
//! and the translation catalogue.

mod amharic;
mod bot;
mod chaos;
mod coach;
mod copy_data;
mod disputes;
mod glossary;
mod helpers;
mod locales;
mod moderation;
mod outbox;
mod payouts;
mod playground;
mod scenario;
mod scheduler;
mod store;
mod trust;
mod webhook;
