//! The scheduler: wakes at the next due job (or when a change makes one due sooner), sends due reminders and runs
//! the system's commands (auto-approval, clearing) through the same services the handlers use, and a daily digest
//! for the admins. It never dies on an error: it logs, pauses and carries on.
//!
//! Exactly once: a due reminder is claimed in a transaction (Postgres: `FOR UPDATE SKIP LOCKED`, so another
//! replica skips it; SQLite: the single writer) that also queues its message in the outbox and marks the job
//! done. A command job is leased for a minute and run; the domain refuses a second run (already approved),
//! and the order's new plan replaces the job.

use crate::app::App;
use crate::i18n::{Arg, Text};
use crate::messages::{Notice, reminders};
use crate::services::ServiceError;
use crate::services::outbox::enqueue_notices;
use crate::services::plan::Work;
use crate::store::{DueJob, StoreError, Tx};
use chrono::{DateTime, Duration as ChronoDuration, NaiveDate, Utc};
use dereja_domain::{Actor, Command, Job, JobKind, StatusKind};
use std::sync::Mutex;
use std::time::Duration;

/// Jobs claimed per transaction.
const BATCH: i64 = 20;
/// How long a command job is reserved for the scheduler that runs it: a command takes well under a second, so a
/// replica that died holding one (a crash, a kill) delays it by this much only; a second run is refused anyway.
const COMMAND_LEASE: ChronoDuration = ChronoDuration::minutes(1);
/// The longest sleep: the loop also looks around on its own now and then.
const MAX_SLEEP: Duration = Duration::from_secs(60);

pub struct Scheduler {
    pub app: App,
    /// The day whose digest this process planned last: planning again costs a write transaction for nothing.
    planned: Mutex<Option<NaiveDate>>,
}

/// What one claim transaction left to do after it committed.
#[derive(Default)]
struct Pass {
    handled: usize,
    queued: bool,
    commands: Vec<(String, Job)>,
}

impl Scheduler {
    pub fn new(app: App) -> Scheduler {
        Scheduler {
            app,
            planned: Mutex::new(None),
        }
    }

    /// Runs until the process stops.
    pub async fn run(self) {
        loop {
            let next = match self.run_due().await {
                Ok(_) => self.next_due().await.unwrap_or_else(|e| {
                    tracing::error!(error = %e, "could not read the next due job");
                    None
                }),
                Err(e) => {
                    tracing::error!(error = %e, "scheduler pass failed; retrying shortly");
                    Some(self.app.clock.now() + ChronoDuration::seconds(5))
                }
            };
            let wait = next.map_or(MAX_SLEEP, |at| {
                (at - self.app.clock.now())
                    .to_std()
                    .unwrap_or(Duration::ZERO)
                    .min(MAX_SLEEP)
            });
            tokio::select! {
                () = self.app.scheduler.notified() => {}
                () = tokio::time::sleep(wait) => {}
            }
        }
    }

    async fn next_due(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        let mut tx = self.app.store.read().await?;
        let next = tx.next_job_due().await?;
        tx.commit().await?;
        Ok(next)
    }

    /// Runs every job due now; returns how many it handled. Safe to call from several schedulers at once.
    pub async fn run_due(&self) -> Result<usize, ServiceError> {
        self.plan_digest().await?;
        let mut handled = 0;
        loop {
            // A look first: a wake-up with nothing due (most are) costs a read, not a write transaction.
            let now = self.app.clock.now();
            if self.next_due().await?.is_none_or(|at| at > now) {
                return Ok(handled);
            }
            let pass = self.claim_pass().await?;
            if pass.handled == 0 {
                return Ok(handled);
            }
            handled += pass.handled;
            if pass.queued {
                self.app.outbox.notify_one();
            }
            for (key, job) in pass.commands {
                self.run_command(&key, &job).await?;
            }
        }
    }

    /// One transaction: claims a batch, queues the reminders' messages, leases the commands.
    async fn claim_pass(&self) -> Result<Pass, ServiceError> {
        let now = self.app.clock.now();
        let mut tx = self.app.store.begin().await?;
        let due: Vec<DueJob<Work>> = tx.claim_due_jobs(now, BATCH).await?;
        let mut pass = Pass {
            handled: due.len(),
            ..Pass::default()
        };
        for job in due {
            match job.payload {
                Err(e) => {
                    tracing::warn!(key = %job.key, error = %e, "a job that no longer parses is set aside");
                    tx.finish_job(&job.key, now).await?;
                }
                Ok(Work::Order(j)) if !j.kind.is_reminder() => {
                    tx.postpone_job(&job.key, now + COMMAND_LEASE).await?;
                    pass.commands.push((job.key, j));
                }
                Ok(Work::Order(j)) => {
                    pass.queued |= self.remind(&mut tx, &job.key, &j, now).await?;
                }
                Ok(Work::Digest { day }) => {
                    pass.queued |= self.digest(&mut tx, now).await?;
                    tx.finish_job(&job.key, now).await?;
                    tracing::info!(%day, "admin digest done");
                }
            }
        }
        tx.commit().await?;
        Ok(pass)
    }

    /// Queues a reminder, or moves it past the recipient's quiet hours; `true` if a message was queued.
    async fn remind(
        &self,
        tx: &mut Tx,
        key: &str,
        job: &Job,
        now: DateTime<Utc>,
    ) -> Result<bool, ServiceError> {
        if let Some(user) = job.to {
            let tz = tx
                .user(user)
                .await?
                .map_or(self.app.config.timezone, |u| u.time_zone);
            let allowed = self.app.config.quiet_hours.next_allowed(now, tz.tz());
            if allowed > now {
                tx.postpone_job(key, allowed).await?;
                return Ok(false);
            }
        }
        let notice = match tx.load_order(job.order).await? {
            Some((order, _)) => {
                let link = tx
                    .invite_token(order.id)
                    .await?
                    .map(|token| crate::messages::invitation_link(&self.app.bot_username, &token));
                reminders::notice(job, &order, link.as_deref(), self.app.orders.audience())
            }
            None => None,
        };
        tx.finish_job(key, now).await?;
        match notice {
            Some(notice) => {
                enqueue_notices(tx, &[notice], now).await?;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// Auto-approval or clearing, through the same service as a person's command.
    async fn run_command(&self, key: &str, job: &Job) -> Result<(), ServiceError> {
        let command = match job.kind {
            JobKind::AutoApprove => Command::AutoApprove { seq: job.seq },
            JobKind::Clear => Command::Clear { seq: job.seq },
            _ => return Ok(()),
        };
        match self
            .app
            .orders
            .execute(job.order, Actor::System, command)
            .await
        {
            // The order's new plan replaced the job.
            Ok(_) => Ok(()),
            // Another scheduler got there first, or the state moved on: nothing to do.
            Err(ServiceError::Domain(e)) => {
                tracing::info!(order = %job.order, seq = job.seq, reason = %e, "scheduled command not needed");
                self.finish(key).await
            }
            Err(ServiceError::NotFound(_)) => self.finish(key).await,
            Err(e) => Err(e),
        }
    }

    async fn finish(&self, key: &str) -> Result<(), ServiceError> {
        let mut tx = self.app.store.begin().await?;
        tx.finish_job(key, self.app.clock.now()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Makes sure the next daily digest is planned (at `DEREJA_DIGEST_HOUR` in the community's time zone).
    async fn plan_digest(&self) -> Result<(), StoreError> {
        let config = &self.app.config;
        if config.admins.is_empty() && config.admin_chat.is_none() {
            return Ok(());
        }
        let now = self.app.clock.now();
        let tz = config.timezone.tz();
        let today = now.with_timezone(&tz).date_naive();
        let at = |day: NaiveDate| {
            day.and_hms_opt(config.digest_hour, 0, 0)
                .and_then(|t| t.and_local_timezone(tz).earliest())
                .map(|t| t.with_timezone(&Utc))
        };
        let (day, due_at) = match at(today) {
            Some(t) if t > now => (today, t),
            _ => {
                let tomorrow = today + ChronoDuration::days(1);
                match at(tomorrow) {
                    Some(t) => (tomorrow, t),
                    None => return Ok(()),
                }
            }
        };
        if *self.planned.lock().expect("not poisoned") == Some(day) {
            return Ok(());
        }
        let mut tx = self.app.store.begin().await?;
        let key = format!("digest:{day}");
        tx.add_job(&key, None, due_at, &Work::Digest { day }, now)
            .await?;
        tx.commit().await?;
        *self.planned.lock().expect("not poisoned") = Some(day);
        Ok(())
    }

    /// The digest: disputes open too long and payments waiting for confirmation; nothing when all is calm.
    async fn digest(&self, tx: &mut Tx, now: DateTime<Utc>) -> Result<bool, ServiceError> {
        let stale = now - ChronoDuration::hours(i64::from(self.app.config.dispute_stale_hours));
        let mut lines = Vec::new();
        for (order, seq, status, since) in tx.milestones_waiting_for_admins().await? {
            let id = match status {
                StatusKind::Disputed if since <= stale => "digest-dispute",
                StatusKind::PaymentReported => "digest-payment",
                _ => continue,
            };
            lines.push(
                Text::new(id)
                    .arg("id", order)
                    .arg("seq", seq)
                    .arg("since", since),
            );
        }
        for (id, since) in tx.open_withdrawals().await? {
            lines.push(
                Text::new("digest-withdrawal")
                    .arg("id", id)
                    .arg("since", since),
            );
        }
        for (charge, since) in tx.unsettled_payments().await? {
            lines.push(
                Text::new("digest-payment-unsettled")
                    .arg("charge", charge)
                    .arg("since", since),
            );
        }
        // Given up since the last digest (by the wall clock, like the inbox).
        for update in tx
            .failed_updates(Utc::now() - ChronoDuration::days(1))
            .await?
        {
            lines.push(Text::new("digest-update-failed").arg("update", update));
        }
        if lines.is_empty() {
            return Ok(false);
        }
        let text = Text::new("digest").arg("items", Arg::Lines(lines));
        let audience = self.app.orders.audience();
        let notices: Vec<Notice> = audience
            .all()
            .into_iter()
            .map(|to| Notice::new(to, text.clone()))
            .collect();
        enqueue_notices(tx, &notices, now).await?;
        Ok(true)
    }
}
